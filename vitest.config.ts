import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and e2e tests spawn real git and the built CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    // Most of a test's time is spent waiting for the git and node processes it starts, so one test file
    // per core keeps the cores busy. Vitest's default leaves a core to its main process, which on a
    // 2-core machine runs the files one at a time.
    maxWorkers: Math.max(2, availableParallelism()),
    hookTimeout: 60_000,
    env: { NO_COLOR: '1', KEYGUARD_DEBUG: '' },
    setupFiles: ['test/support/isolated-cache.ts', 'test/support/require-fresh-dist.ts'],
    // pack-dir.ts: one directory per run for the packed tarball; dist-freshness.ts: whether dist/ was
    // built from the current sources, which integration and e2e files require (require-fresh-dist.ts).
    globalSetup: ['test/support/pack-dir.ts', 'test/support/dist-freshness.ts'],
  },
});

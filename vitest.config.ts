import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and e2e tests spawn real git and the built CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { NO_COLOR: '1', KEYGUARD_DEBUG: '' },
    setupFiles: ['test/support/isolated-cache.ts'],
    globalSetup: ['test/support/pack-setup.ts'],
  },
});

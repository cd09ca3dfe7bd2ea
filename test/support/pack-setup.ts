// vitest's globalSetup: one directory per run where the first test file that needs keyguard's tarball
// packs it and the others find it (sharedKeyguard in keyguard-package.ts); removed after the run.
// Nothing is packed for a run whose files never ask.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'keyguard-shared-pack-'));
  // Test files run in worker processes, which inherit the environment.
  process.env.KEYGUARD_TEST_PACK_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

// Vitest global setup: one directory for the whole run in which the first test file that needs keyguard
// packed (`npm pack`) leaves the tarball for the others (test/support/keyguard-package.ts). Nothing is
// packed here, so a run without e2e tests pays nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    keyguardPackDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'keyguard-pack-shared-'));
  project.provide('keyguardPackDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

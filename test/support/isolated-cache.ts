// Every keyguard the tests start keeps its code cache in a directory of this test file's own, never in
// the home directory of whoever runs the suite (bin/keyguard.cjs uses $XDG_CACHE_HOME/keyguard).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'keyguard-cache-'));
process.env.XDG_CACHE_HOME = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// README's first command on a fresh clone, as printed: `npm install && npx keyguard demo`. dist/ is not
// committed; `npm install` in a clone runs the checkout's `prepare` (the build), which the packed
// package.json does not carry (test/e2e/package.test.ts). The clone is of the committed HEAD.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PROJECT_ROOT, gitEnv } from '../support/git-repo.js';

const home = mkdtempSync(join(tmpdir(), 'keyguard-fresh-clone-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

it('npm install && npx keyguard demo works in a fresh clone', () => {
  const clone = join(home, 'keyguard');
  const r = spawnSync('git', ['clone', '-q', '--no-local', PROJECT_ROOT, clone], { env: gitEnv(), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(existsSync(join(clone, 'dist'))).toBe(false);
  // npm's cache is warm after the checkout's own `npm ci`: prefer it to the registry.
  const run = spawnSync('sh', ['-c', 'npm install && npx keyguard demo'], {
    cwd: clone,
    env: gitEnv({
      TMPDIR: home,
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    }),
    encoding: 'utf8',
  });
  expect(run.stdout).toContain('The commit was blocked (git exit 1)');
  expect(run.status, run.stderr).toBe(0);
  expect(existsSync(join(clone, 'dist', 'bin.cjs'))).toBe(true);
}, 600_000);

// `keyguard demo`, the README's first command: a real commit blocked in a throw-away repository, with
// nothing left behind and nothing depending on the user's git configuration. `npx keyguard demo` as the
// README prints it runs in test/e2e/fresh-clone.test.ts, in a clone: npx run in a package's own directory
// installs that directory into its cache, which runs the package's `prepare` (the build) there, and here
// that would delete dist/ under every other test that runs keyguard.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_PREFIX } from '../support/fake-credentials.js';
import { KEYGUARD_BIN, PROJECT_ROOT, gitEnv } from '../support/git-repo.js';

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'keyguard-demo-test-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

function demo(env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [KEYGUARD_BIN, 'demo'], {
    cwd: PROJECT_ROOT,
    env: gitEnv({ TMPDIR: temp, ...env }),
    encoding: 'utf8',
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const FULL_KEY_ID = new RegExp(`(${KEY_PREFIX.long})[A-Z2-7]{16}`);

describe('keyguard demo', () => {
  it('shows a clean commit passing and a commit with a fake key blocked, exits 0, and cleans up', () => {
    const r = demo();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1. A commit without credentials goes through');
    // The clean commit was checked, and says so (a passing hook is silent unless KEYGUARD_VERBOSE=1).
    expect(r.stdout).toContain('  ✔ keyguard: no AWS credentials in 1 staged file.');
    expect(r.stdout).toContain('2. A commit that adds a fake AWS key pair');
    expect(r.stdout).toContain('config/credentials');
    expect(r.stdout).toContain('The commit was blocked (git exit 1)');
    // The report masks the generated key; it is never shown in full.
    expect(r.stdout).not.toMatch(FULL_KEY_ID);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("does not depend on the user's git configuration or KEYGUARD=0", () => {
    const config = join(temp, 'gitconfig');
    writeFileSync(
      config,
      '[core]\n\thooksPath = /nonexistent/hooks\n[commit]\n\tgpgsign = true\n[init]\n\ttemplateDir = /nonexistent\n',
    );
    const r = demo({ GIT_CONFIG_GLOBAL: config, KEYGUARD: '0', GIT_DIR: '/nonexistent/.git' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(temp).filter((n) => n !== 'gitconfig')).toEqual([]);
  });
});

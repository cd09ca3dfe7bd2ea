// `keyguard init` (team-wide setup through package.json's prepare script) and the CLI's bad-input paths
// for install, uninstall, init, demo and hook: one clear line and exit 2, never a stack trace.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function repo(): TestRepo {
  const r = createRepo();
  repos.push(r);
  linkKeyguard(r.dir, { exclude: join(r.dir, '.git', 'info', 'exclude') });
  return r;
}

function oneLine(text: string): void {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

describe('keyguard init', () => {
  it('adds a prepare script when there is none, then installs the hook', () => {
    const r = repo();
    r.write('package.json', '{\n  "name": "app",\n  "version": "1.0.0"\n}\n');
    const out = r.keyguard(['init']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('prepare script is now "keyguard install"');
    expect(out.stdout).toContain('installed the pre-commit and pre-merge-commit hooks');
    expect(readFileSync(join(r.dir, 'package.json'), 'utf8')).toBe(
      '{\n  "name": "app",\n  "version": "1.0.0",\n  "scripts": {\n    "prepare": "keyguard install"\n  }\n}\n',
    );
    expect(statSync(join(r.dir, '.git/hooks/pre-commit')).mode & 0o111).toBe(0o111);
  });

  it('keeps an existing prepare script: "husky" becomes "husky && keyguard install"', () => {
    const r = repo();
    r.write(
      'package.json',
      '{\n\t"name": "app",\n\t"scripts": {\n\t\t"test": "vitest",\n\t\t"prepare": "husky"\n\t}\n}',
    );
    expect(r.keyguard(['init']).status).toBe(0);
    // Tabs and the missing trailing newline are kept; key order too.
    expect(readFileSync(join(r.dir, 'package.json'), 'utf8')).toBe(
      '{\n\t"name": "app",\n\t"scripts": {\n\t\t"test": "vitest",\n\t\t"prepare": "husky && keyguard install"\n\t}\n}',
    );
  });

  it('is idempotent: a second init leaves package.json byte for byte', () => {
    const r = repo();
    r.write('package.json', '{\n    "name": "app",\n    "scripts": { "prepare": "husky" }\n}\n');
    expect(r.keyguard(['init']).status).toBe(0);
    const once = readFileSync(join(r.dir, 'package.json'), 'utf8');
    expect(once).toContain('    "scripts": {\n        "prepare": "husky && keyguard install"\n    }');
    const again = r.keyguard(['init']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already runs keyguard install');
    expect(readFileSync(join(r.dir, 'package.json'), 'utf8')).toBe(once);
  });

  it.each([
    ['{ "name": ', /cannot update package\.json: it is not valid JSON/],
    ['[1, 2]', /cannot update package\.json: it is not a JSON object/],
    ['{ "scripts": { "prepare": 3 } }', /"scripts\.prepare" is not a string/],
  ])('rejects a package.json like %j in one line, exit 2, unchanged', (text, message) => {
    const r = repo();
    r.write('package.json', text);
    const out = r.keyguard(['init']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(message);
    oneLine(out.stderr);
    expect(readFileSync(join(r.dir, 'package.json'), 'utf8')).toBe(text);
  });

  it('says where package.json is missing, exit 2', () => {
    const r = repo();
    const out = r.keyguard(['init']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/no package\.json in .*run keyguard init in your package's directory/);
    oneLine(out.stderr);
  });

  it('still updates package.json outside a git repository, and exits 0 (npm pack of a package)', () => {
    const r = repo();
    writeFileSync(join(r.dir, 'package.json'), '{}\n');
    const out = r.keyguard(['init'], { env: { GIT_DIR: join(r.dir, 'no-such-git-dir') } });
    expect(out.stdout).toContain('prepare script is now "keyguard install"');
    expect(out.stdout + out.stderr).toMatch(/not inside a git repository|no hook/);
    expect(out.status).toBe(0);
  });
});

describe('keyguard uninstall after init', () => {
  it('takes keyguard install out of prepare, so the next npm install does not put the hooks back', () => {
    for (const [before, after] of [
      ['keyguard install', undefined],
      ['husky && keyguard install', 'husky'],
      ['keyguard install && husky', 'husky'],
    ] as const) {
      const r = repo();
      r.write(
        'package.json',
        `${JSON.stringify({ name: 'app', scripts: { test: 'vitest', prepare: before } }, null, 2)}\n`,
      );
      expect(r.keyguard(['install']).status).toBe(0);
      const out = r.keyguard(['uninstall']);
      expect(out.status).toBe(0);
      expect(out.stdout).toContain("took `keyguard install` out of package.json's prepare script");
      const pkg = JSON.parse(readFileSync(join(r.dir, 'package.json'), 'utf8'));
      expect(pkg.scripts).toEqual(after === undefined ? { test: 'vitest' } : { test: 'vitest', prepare: after });
      // A second uninstall has nothing more to take out.
      expect(r.keyguard(['uninstall']).stdout).not.toContain('prepare');
    }
  });

  it('removes a core.hooksPath directory in the work tree that only held its hooks, and keeps one with others', () => {
    const r = repo();
    r.git(['config', 'core.hooksPath', '.githooks']);
    expect(r.keyguard(['install']).status).toBe(0);
    const out = r.keyguard(['uninstall']);
    expect(out.stdout).toContain('removed .githooks, which had no other hook left');
    expect(existsSync(join(r.dir, '.githooks'))).toBe(false);

    r.write('.githooks/post-merge', '#!/bin/sh\n', { executable: true });
    expect(r.keyguard(['install']).status).toBe(0);
    expect(r.keyguard(['uninstall']).stdout).not.toContain('no other hook left');
    expect(readdirSync(join(r.dir, '.githooks'))).toEqual(['post-merge']);
  });
});

describe('bad input to the install commands', () => {
  it.each([
    [['install', 'extra'], /install takes no arguments, but got "extra"/],
    [['uninstall', '--force'], /^keyguard: uninstall has no option --force\. See `keyguard uninstall --help`\.$/m],
    [['demo', 'now'], /demo takes no arguments/],
    [['hook'], /hook needs one of pre-commit, pre-merge-commit/],
    [
      ['hook', 'post-checkout'],
      /hook needs one of pre-commit, pre-merge-commit, pre-push, commit-msg, pre-receive, not "post-checkout"/,
    ],
  ])('%j fails with one clear line and exit 2', (args, message) => {
    const r = repo();
    const out = r.keyguard(args);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(message);
    oneLine(out.stderr);
  });

  it("prints install's own help for install --help", () => {
    const out = repo().keyguard(['install', '--help']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^Usage: keyguard install /);
    for (const word of ['--hook', '--global', 'KEYGUARD=0', 'keyguard init']) expect(out.stdout).toContain(word);
  });
});

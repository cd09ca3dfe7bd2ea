// What keyguard says when there is nothing to do or the user asked for something it cannot do: one line
// in its own words, naming the command the user ran, with the right exit code; run as a user would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRepo, type TestRepo } from '../support/git-repo.js';

function withRepo(fn: (repo: TestRepo) => void): void {
  const repo = createRepo();
  try {
    fn(repo);
  } finally {
    repo.cleanup();
  }
}

describe('nothing to scan', () => {
  it('scan --history in a repository with no commits yet: exit 0 and one line', () =>
    withRepo((repo) => {
      const run = repo.keyguard(['scan', '--history']);
      expect(run).toMatchObject({ status: 0, stderr: '' });
      expect(run.stdout.trim().split('\n')).toEqual(['✔ keyguard: no commits to scan.']);
      const json = repo.keyguard(['scan', '--history', '--format', 'json']);
      expect(json.status).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ source: 'history', commits: 0, findings: [] });
      // A range the user names is still theirs to get right.
      expect(repo.keyguard(['scan', '--history', 'nope'])).toMatchObject({
        status: 2,
        stderr: "keyguard: git log: bad revision 'nope'\n",
      });
    }));
});

describe('argument errors', () => {
  it.each([
    [['scan', '--stagd'], 'keyguard: scan has no option --stagd; did you mean --staged? See `keyguard scan --help`.'],
    [
      ['scan', '--histroy'],
      'keyguard: scan has no option --histroy; did you mean --history? See `keyguard scan --help`.',
    ],
    [['scan', '-staged'], 'keyguard: scan has no option -staged; did you mean --staged? See `keyguard scan --help`.'],
    [
      ['scan', '--no-alow', '--staged'],
      'keyguard: scan has no option --no-alow; did you mean --no-allow? See `keyguard scan --help`.',
    ],
    [['scan', '-x'], 'keyguard: scan has no option -x. See `keyguard scan --help`.'],
    [['scan', '--staged', '-o'], 'keyguard: --output needs a value (--output <file>). See `keyguard scan --help`.'],
    [
      ['scan', '--output', '--staged'],
      'keyguard: --output needs a value (--output <file>). See `keyguard scan --help`.',
    ],
    [['scan', '--staged=yes'], 'keyguard: --staged takes no value, but got "yes". See `keyguard scan --help`.'],
    [
      ['baseline', '--prun'],
      'keyguard: baseline has no option --prun; did you mean --prune? See `keyguard baseline --help`.',
    ],
    [
      ['doctor', '--formt', 'json'],
      'keyguard: doctor has no option --formt; did you mean --format? See `keyguard doctor --help`.',
    ],
    [
      ['install', '--hok', 'pre-push'],
      'keyguard: install has no option --hok; did you mean --hook? See `keyguard install --help`.',
    ],
  ])('%j: one line in keyguard words, exit 2, and the help it names works', (args, line) =>
    withRepo((repo) => {
      const run = repo.keyguard(args);
      expect(run).toMatchObject({ status: 2, stdout: '', stderr: `${line}\n` });
      const help = /`(keyguard [a-z]+ --help)`/.exec(line)![1]!.split(' ').slice(1);
      expect(repo.keyguard(help)).toMatchObject({ status: 0, stderr: '' });
    }));
});

describe('a path that cannot be read', () => {
  it.each([
    [['scan', 'does/not/exist'], 'keyguard: cannot read does/not/exist: no such file or directory'],
    [['scan', 'README.md/x'], 'keyguard: cannot read README.md/x: a part of its path is not a directory'],
    [['scan', '--commit-msg', 'nope'], 'keyguard: cannot read the commit message nope: no such file or directory'],
  ])('%j says why in words, on one line, exit 2', (args, line) =>
    withRepo((repo) => {
      repo.write('README.md', 'hello\n');
      expect(repo.keyguard(args)).toMatchObject({ status: 2, stdout: '', stderr: `${line}\n` });
    }));
});

describe('outside a repository', () => {
  it.each([
    [['scan', '--staged'], 'keyguard: not a git repository (run `keyguard scan --staged` inside one).'],
    [['scan', '--history'], 'keyguard: not a git repository (run `keyguard scan --history` inside one).'],
    [['baseline'], 'keyguard: not a git repository (run `keyguard baseline` inside one).'],
    [
      ['hook', 'pre-commit'],
      'keyguard: cannot check this commit: not a git repository (run `keyguard hook pre-commit` inside one); ' +
        'fix that, or bypass once with `git commit --no-verify` (or KEYGUARD=0).',
    ],
  ])('%j names the command the user ran, once, with no doubled punctuation', (args, line) =>
    withRepo((repo) => {
      const outside = mkdtempSync(join(tmpdir(), 'keyguard-outside-'));
      try {
        // The ceiling keeps git from finding a repository above the temporary directory.
        const run = repo.keyguard(args, { cwd: outside, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
        expect(run).toMatchObject({ status: 2, stdout: '', stderr: `${line}\n` });
        expect(run.stderr).not.toMatch(/[.;:,]{2}|\)\.;/);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    }));
});

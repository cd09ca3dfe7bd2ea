// `keyguard doctor` tells the truth: in each setup, what it says is checked against a real `git commit`
// of a fake key in the same repository (protected, exit 0, exactly when that commit is blocked by
// keyguard), and its proof leaves the user's index, objects and work tree as they were.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_PREFIX, fakePair, seededRandom } from '../support/fake-credentials.js';
import { PROJECT_ROOT, createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(61);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A repository with one commit and keyguard in node_modules (as after `npm i -D keyguard`). */
function setup(): TestRepo {
  const repo = createRepo();
  cleanups.push(() => repo.cleanup());
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  repo.write('README.md', '# app\n');
  repo.git(['add', 'README.md']);
  repo.git(['commit', '-q', '-m', 'init']);
  return repo;
}

/** A full-length access key id anywhere in a text: doctor must never print the probe's key. */
const FULL_KEY_ID = new RegExp(`${KEY_PREFIX.long}[A-Z2-7]{16}`);

function doctor(repo: TestRepo, args: readonly string[] = [], env?: NodeJS.ProcessEnv): RunResult {
  const r = repo.keyguard(['doctor', ...args], { timeout: 60_000, ...(env ? { env } : {}) });
  expect(r.stdout + r.stderr).not.toMatch(FULL_KEY_ID);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r;
}

/** Commits a fake key pair through real git and the hooks git really runs. */
function commitKey(repo: TestRepo, env?: NodeJS.ProcessEnv): RunResult {
  const pair = fakePair(rng);
  const path = `config/deploy-${Math.floor(rng() * 1e9)}.env`;
  repo.write(path, `AWS_ACCESS_KEY_ID=${pair.id}\nAWS_SECRET_ACCESS_KEY=${pair.secret}\n`);
  repo.git(['add', '--', path]);
  return repo.tryGit(['commit', '-m', `add ${path}`], env ? { env } : {});
}

/** doctor's verdict agrees with a real commit: exit 0 exactly when the commit of a key is blocked (exit 1). */
function expectTruth(repo: TestRepo, protectedExpected: boolean): RunResult {
  const said = doctor(repo);
  const commit = commitKey(repo);
  expect(said.status, said.stdout).toBe(protectedExpected ? 0 : 1);
  expect(commit.status === 1, `${commit.stdout}${commit.stderr}`).toBe(protectedExpected);
  expect(said.status === 0).toBe(commit.status === 1);
  if (commit.status === 1) repo.git(['reset', '-q']);
  return said;
}

/** What doctor must leave as it was: the objects, what is staged, the work tree. */
function state(repo: TestRepo): string {
  return [
    repo.git(['count-objects', '-v']),
    repo.git(['diff', '--cached', '--name-only']),
    repo.git(['status', '--porcelain', '--untracked-files=all']),
    repo.git(['ls-files', '--stage']),
  ].join('\n--\n');
}

/** A husky 9 setup as `npx husky` makes it: core.hooksPath .husky/_, whose pre-commit runs husky's `h`. */
function huskyNine(repo: TestRepo, preCommit: string): void {
  repo.git(['config', 'core.hooksPath', '.husky/_']);
  mkdirSync(join(repo.dir, '.husky', '_'), { recursive: true });
  copyFileSync(join(PROJECT_ROOT, 'node_modules', 'husky', 'husky'), join(repo.dir, '.husky', '_', 'h'));
  repo.write('.husky/_/pre-commit', '#!/usr/bin/env sh\n. "$(dirname "$0")/h"', { executable: true });
  repo.write('.husky/_/.gitignore', '*');
  repo.write('.husky/pre-commit', preCommit);
}

describe('keyguard doctor', () => {
  it('(1) plain install: protected, proven by a staged fake key, and a real commit of a key is blocked', () => {
    const repo = setup();
    expect(repo.keyguard(['install']).status).toBe(0);
    const said = expectTruth(repo, true);
    expect(said.stdout).toContain("hooks directory  .git/hooks (git's default)");
    expect(said.stdout).toMatch(
      /pre-commit +protected: \.git\/hooks\/pre-commit is keyguard's hook \(checked: a staged fake key was blocked\)/,
    );
    expect(said.stdout).toMatch(/pre-merge-commit +protected/);
    expect(said.stdout).toMatch(
      /keyguard +node v\d+\.\d+\.\d+ \(.+\), keyguard \d+\.\d+\.\d+ \(node_modules\/keyguard\)/,
    );
    expect(said.stdout.trim().split('\n').at(-1)).toBe('Protected: commits that add AWS credentials are blocked.');
  });

  it('(2) no install: not protected, and the fix is `npx keyguard install`', () => {
    const repo = setup();
    const said = expectTruth(repo, false);
    expect(said.stdout).toMatch(
      /pre-commit +not protected: there is no \.git\/hooks\/pre-commit\n +fix: npx keyguard install\n/,
    );
    expect(said.stdout).toMatch(/^NOT protected: /m);
  });

  it("(3) husky 9 without keyguard's line: not protected; after `keyguard install`: protected, and husky's other lines are not run", () => {
    const repo = setup();
    expect(repo.keyguard(['install']).status).toBe(0);
    const marker = join(repo.dir, '..', 'user-line-ran');
    huskyNine(repo, `touch '${marker}'\n`);
    const before = expectTruth(repo, false);
    expect(before.stdout).toContain(
      'hooks directory  .husky/_ (core.hooksPath in the local git config, .git/config; husky 9)',
    );
    expect(before.stdout).toMatch(
      /pre-commit +not protected: \.husky\/pre-commit does not run keyguard\n +fix: npx keyguard install\n/,
    );
    expect(existsSync(marker)).toBe(true); // the commit ran the husky file
    rmSync(marker);

    const installed = repo.keyguard(['install']);
    expect(installed.stdout).toContain('.husky/pre-commit');
    const said = doctor(repo);
    expect(existsSync(marker)).toBe(false); // doctor ran only keyguard's line
    expect(said.status, said.stdout).toBe(0);
    expect(said.stdout).toContain(
      'pre-commit       protected: .husky/pre-commit runs `keyguard hook pre-commit "$@"` (checked: a staged fake key was blocked by its keyguard line; the file\'s other lines were not run)',
    );
    expect(commitKey(repo).status).toBe(1);
  });

  it('(4) a hook file that is not executable: not protected, and the fix is chmod +x', () => {
    const repo = setup();
    expect(repo.keyguard(['install']).status).toBe(0);
    chmodSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 0o644);
    const said = expectTruth(repo, false);
    expect(said.stdout).toMatch(
      /pre-commit +not protected: \.git\/hooks\/pre-commit is not executable, so git does not run it\n +fix: chmod \+x \.git\/hooks\/pre-commit\n/,
    );
  });

  it('(5) keyguard installed but node_modules/keyguard removed: not protected (the hook cannot run), and the fix is `npm install`', () => {
    const repo = setup();
    expect(repo.keyguard(['install']).status).toBe(0);
    unlinkSync(join(repo.dir, 'node_modules', 'keyguard'));
    const said = doctor(repo);
    expect(said.status).toBe(1);
    expect(said.stdout).toMatch(
      /pre-commit +not protected: .*could not check a staged fake key \(exit 1: keyguard: cannot check this commit: keyguard is not installed in this repository/,
    );
    expect(said.stdout).toMatch(/\n +fix: npm install\n/);
    expect(said.stdout).toContain('keyguard is not installed where the hook looks');
    // The hook blocks every commit then, a clean one too: nothing was checked, the commit is simply refused.
    const commit = commitKey(repo);
    expect(commit.status).toBe(1);
    expect(commit.stderr).toContain('keyguard is not installed in this repository');
  });

  it('(6) a chained user hook that fails is not run by the proof, and the index, objects and work tree are unchanged', () => {
    const repo = setup();
    const outside = mkdtempSync(join(tmpdir(), 'keyguard-doctor-marker-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    const marker = join(outside, 'chained-ran');
    repo.write('.git/hooks/pre-commit', `#!/bin/sh\ntouch '${marker}'\nexit 3\n`, { executable: true });
    expect(repo.keyguard(['install']).stdout).toContain('pre-commit.keyguard-chained');
    // Something staged and something modified, so that an index or work tree change would show.
    repo.write('staged.txt', 'staged\n');
    repo.git(['add', 'staged.txt']);
    repo.write('README.md', '# app, edited\n');
    repo.write('untracked.txt', 'untracked\n');
    const before = state(repo);
    const said = doctor(repo);
    expect(said.status, said.stdout).toBe(0);
    expect(said.stdout).toContain('(checked: a staged fake key was blocked; your chained hook was not run)');
    expect(existsSync(marker)).toBe(false);
    expect(state(repo)).toBe(before);
    // A real commit does run it, and it blocks as it did before keyguard (git exits 1 for any failing hook).
    const commit = commitKey(repo);
    expect(commit.status).toBe(1);
    expect(existsSync(marker)).toBe(true);
  });

  it('(6b) a hook installed before doctor existed (no probe variable) is not run when a chained hook would run with it', () => {
    const repo = setup();
    const outside = mkdtempSync(join(tmpdir(), 'keyguard-doctor-marker-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    const marker = join(outside, 'chained-ran');
    repo.write('.git/hooks/pre-commit', `#!/bin/sh\ntouch '${marker}'\n`, { executable: true });
    expect(repo.keyguard(['install']).status).toBe(0);
    const hook = join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, readFileSync(hook, 'utf8').replaceAll('KEYGUARD_DOCTOR_PROBE', 'SOME_OTHER_VARIABLE'));
    const said = doctor(repo);
    expect(said.status).toBe(1);
    expect(said.stdout).toContain('predates `keyguard doctor`');
    expect(existsSync(marker)).toBe(false);
  });

  it("a pre-commit framework hook (migration mode) over keyguard's hook, as pre-commit.legacy: protected, as a real commit is blocked", () => {
    const repo = setup();
    expect(repo.keyguard(['install']).status).toBe(0);
    const hooks = join(repo.dir, '.git', 'hooks');
    // What `pre-commit install` does in migration mode: the hook it finds becomes pre-commit.legacy, which
    // its own hook runs first when it is executable (a stand-in for the framework's script: the real one
    // needs Python).
    renameSync(join(hooks, 'pre-commit'), join(hooks, 'pre-commit.legacy'));
    const framework =
      '#!/bin/sh\n# File generated by pre-commit: https://pre-commit.com\nif [ -x "$0.legacy" ]; then "$0.legacy" "$@" || exit $?; fi\n';
    repo.write('.git/hooks/pre-commit', framework, { executable: true });
    const said = expectTruth(repo, true);
    expect(said.stdout).toContain(
      "pre-commit       protected: .git/hooks/pre-commit is the pre-commit framework's, which runs keyguard's hook .git/hooks/pre-commit.legacy first (checked: a staged fake key was blocked)",
    );
    chmodSync(join(hooks, 'pre-commit.legacy'), 0o644);
    const off = expectTruth(repo, false);
    expect(off.stdout).toContain('fix: chmod +x .git/hooks/pre-commit.legacy');
  });

  it('(7) --format json: the same facts as a versioned object', () => {
    const repo = setup();
    repo.write('package.json', '{ "name": "app", "private": true }\n');
    expect(repo.keyguard(['init']).status).toBe(0);
    repo.write('.keyguard.json', JSON.stringify({ allow: ['^EXAMPLE'], ignorePaths: ['fixtures/**'] }));
    const r = doctor(repo, ['--format', 'json']);
    expect(r.status).toBe(0);
    // biome-ignore lint/suspicious/noExplicitAny: the JSON report's shape is what these expectations check.
    const report = JSON.parse(r.stdout) as Record<string, any>;
    expect(report.version).toBe(1);
    expect(report.protected).toBe(true);
    expect(report.hooksDir).toMatchObject({ path: '.git/hooks', source: 'default', shared: false });
    expect(report.gates.map((g: { name: string }) => g.name)).toEqual([
      'pre-commit',
      'pre-merge-commit',
      'pre-push',
      'commit-msg',
    ]);
    expect(report.gates[0]).toMatchObject({
      status: 'protected',
      how: 'plain',
      proof: { result: 'blocked', exitCode: 1 },
    });
    expect(report.gates[1]).toMatchObject({ status: 'protected', how: 'plain' });
    expect(report.gates[2]).toMatchObject({ status: 'not-checked', how: 'none' });
    expect(report.gates[3]).toMatchObject({ status: 'not-checked', how: 'none' });
    expect(report.prepare).toMatchObject({
      file: 'package.json',
      script: 'keyguard install',
      runsInstall: true,
      ok: true,
    });
    expect(report.node.path).toMatch(/node(\.exe)?$/);
    expect(report.keyguard).toMatchObject({ path: 'node_modules/keyguard', exists: true });
    expect(report.config).toMatchObject({ source: '.keyguard.json', allow: 1, ignorePaths: 1, baseline: null });
    expect(commitKey(repo).status).toBe(1);
  });

  it('(7b) a broken configuration is a line of the report, not a crash', () => {
    const repo = setup();
    expect(repo.keyguard(['install']).status).toBe(0);
    repo.write('.keyguard.json', '{ "allow": [ }');
    const said = doctor(repo);
    expect(said.stdout).toMatch(/configuration +cannot be read: \.keyguard\.json: not valid JSON/);
    expect(said.stdout).toMatch(/\n +fix: edit \.keyguard\.json\n/);
  });

  it('a global core.hooksPath without keyguard: not protected, and the fix is `install --global`', () => {
    const repo = setup();
    const home = mkdtempSync(join(tmpdir(), 'keyguard-doctor-global-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const config = join(home, 'gitconfig');
    writeFileSync(config, `[core]\n\thooksPath = ${join(home, 'hooks')}\n`);
    const env = { GIT_CONFIG_GLOBAL: config };
    const said = doctor(repo, [], env);
    expect(said.status).toBe(1);
    expect(said.stdout).toContain(`(core.hooksPath in the global git config, ${config}; outside this repository`);
    expect(said.stdout).toMatch(/pre-commit +not protected: there is no .*\n +fix: npx keyguard install --global\n/);
    expect(commitKey(repo, env).status).toBe(0);
  });

  it('(8) not a repository: one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyguard-doctor-norepo-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const repo = createRepo();
    cleanups.push(() => repo.cleanup());
    const r = repo.keyguard(['doctor'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'keyguard doctor: not a git repository (run it inside the repository you want to check).',
    ]);
  });
});

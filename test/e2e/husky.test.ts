// keyguard with real husky 9: one idempotent line in .husky/pre-commit, nothing in
// .husky/_, core.hooksPath left as husky set it; the husky example; husky in a monorepo package.
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import {
  copyExample,
  copyInstall,
  npmInstall,
  packKeyguard,
  type PackedKeyguard,
} from '../support/keyguard-package.js';

const rng = seededRandom(29);
let packed: PackedKeyguard;
// keyguard (the tarball) and husky 9 installed by npm once, into a repository like the tests' own (the
// lock file names the tarball by a relative path); each test that needs them starts from a copy.
let installed: TestRepo;
beforeAll(() => {
  packed = packKeyguard();
  installed = createRepo();
  installed.write('package.json', '{\n  "name": "app",\n  "version": "1.0.0",\n  "private": true\n}\n');
  installed.write('.gitignore', 'node_modules/\n');
  npmInstall(installed.dir, ['-D', packed.tarball, 'husky@9.1.7']);
});
afterAll(() => {
  installed?.cleanup();
  packed?.cleanup();
});

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

const LINE = 'keyguard hook pre-commit "$@"';
const USER_LINES = 'echo "user pre-commit line ran"\n';

function credentials(): string {
  const pair = fakePair(rng);
  return `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
}

function commit(repo: TestRepo, path: string, content: string, env?: NodeJS.ProcessEnv): RunResult {
  repo.write(path, content);
  repo.git(['add', '--', path]);
  return repo.tryGit(['commit', '-m', `add ${path}`], env ? { env } : {});
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, `${statSync(join(dir, name)).mode.toString(8)} ${readFileSync(join(dir, name), 'utf8')}`]),
  );
}

/** A repository with keyguard (the tarball) and husky 9 installed, before `npx husky init`. */
function installedRepo(): TestRepo {
  const repo = createRepo();
  repos.push(repo);
  copyInstall(installed.dir, repo.dir);
  return repo;
}

/** A repository with keyguard (the tarball) and husky 9 installed, after `npx husky init`. */
function huskyRepo(): TestRepo {
  const repo = installedRepo();
  const init = node(repo, 'node_modules/husky/bin.js', ['init']);
  if (init.status !== 0) throw new Error(`husky init failed: ${init.stderr}`);
  expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
  return repo;
}

/** Runs an installed package's bin with node (what npx resolves to, without npx's start-up cost). */
function node(repo: TestRepo, script: string, args: string[]): RunResult {
  const r = spawnSync(process.execPath, [join(repo.dir, script), ...args], {
    cwd: repo.dir,
    env: repo.env,
    encoding: 'utf8',
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const keyguard = (repo: TestRepo, args: string[]) => node(repo, 'node_modules/keyguard/bin/keyguard.cjs', args);

describe('husky 9', () => {
  it('adds one line to .husky/pre-commit, keeps the rest, and touches neither .husky/_ nor core.hooksPath', () => {
    const repo = huskyRepo();
    repo.write('.husky/pre-commit', USER_LINES);
    const husky = snapshot(join(repo.dir, '.husky', '_'));

    const r = keyguard(repo, ['install']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`added \`${LINE}\` to .husky/pre-commit`);
    const file = join(repo.dir, '.husky', 'pre-commit');
    expect(readFileSync(file, 'utf8')).toBe(`${USER_LINES}${LINE}\n`);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(snapshot(join(repo.dir, '.husky', '_'))).toEqual(husky);
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.husky/_');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);

    // Idempotent: byte for byte.
    const again = keyguard(repo, ['install']);
    expect(again.stdout).toContain('already runs keyguard; nothing changed');
    expect(readFileSync(file, 'utf8')).toBe(`${USER_LINES}${LINE}\n`);

    const clean = commit(repo, 'src/index.js', 'export {};\n');
    expect(clean.stderr).toContain('user pre-commit line ran');
    expect(clean.status).toBe(0);
    expect(commit(repo, 'config/.env', credentials()).status).toBe(1);
    const skipped = repo.tryGit(['commit', '-m', 'skip'], { env: { KEYGUARD: '0' } });
    expect(skipped.stderr).toContain('KEYGUARD=0 is set, so the pre-commit check is skipped');
    expect(skipped.status).toBe(0);

    const un = keyguard(repo, ['uninstall']);
    expect(un.stdout).toContain("removed keyguard's line from .husky/pre-commit");
    expect(readFileSync(file, 'utf8')).toBe(USER_LINES);
  });

  it('creates .husky/pre-commit, executable, when husky has none; uninstall removes it again', () => {
    const repo = huskyRepo();
    const file = join(repo.dir, '.husky', 'pre-commit');
    rmSync(file);

    const r = keyguard(repo, ['install']);
    expect(r.stdout).toContain('created .husky/pre-commit');
    expect(readFileSync(file, 'utf8')).toBe(`${LINE}\n`);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(commit(repo, 'creds.ini', credentials()).status).toBe(1);

    expect(keyguard(repo, ['uninstall']).stdout).toContain('removed .husky/pre-commit');
    expect(existsSync(file)).toBe(false);
  });

  it("runs the pre-push check from .husky/pre-push as docs/history.md says (git's input reaches it)", () => {
    const repo = huskyRepo();
    const remote = createRepo({ initArgs: ['--bare'] });
    repos.push(remote);
    repo.git(['remote', 'add', 'origin', remote.dir]);
    repo.write('.husky/pre-commit', '');
    repo.write('.husky/pre-push', 'keyguard hook pre-push "$@"\n');
    expect(commit(repo, 'README.md', '# app\n').status).toBe(0);
    expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);
    // The pre-commit file is empty here: the key gets committed, and the push stops it.
    expect(commit(repo, 'deploy/aws.ini', credentials()).status).toBe(0);
    const push = repo.tryGit(['push', 'origin', 'main']);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain('Push blocked.');
    expect(remote.git(['rev-list', '--count', 'main']).trim()).toBe('1');
  });

  it('keyguard init turns "prepare": "husky" into "husky && keyguard install"', () => {
    const repo = huskyRepo();
    repo.write('.husky/pre-commit', USER_LINES);
    const r = keyguard(repo, ['init']);
    expect(r.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toBe('husky && keyguard install');
    expect(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(`${USER_LINES}${LINE}\n`);
    // A teammate's npm install runs both, and changes nothing more.
    npmInstall(repo.dir);
    expect(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(`${USER_LINES}${LINE}\n`);
  });
});

describe('husky 9 and merges, and the order people set things up in', () => {
  it('adds the line to .husky/pre-merge-commit too: a merge that brings a key in is blocked', () => {
    const repo = huskyRepo();
    repo.write('.husky/pre-commit', '');
    expect(commit(repo, 'README.md', '# app\n').status).toBe(0);
    // A branch that got a key before keyguard was set up.
    repo.git(['checkout', '-q', '-b', 'feature']);
    expect(commit(repo, 'creds.ini', credentials()).status).toBe(0);
    repo.git(['checkout', '-q', 'main']);
    expect(commit(repo, 'other.txt', 'diverge\n').status).toBe(0);
    expect(keyguard(repo, ['doctor']).stdout).toMatch(/pre-merge-commit +not protected/);

    const r = keyguard(repo, ['install']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('keyguard hook pre-merge-commit "$@"');
    expect(readFileSync(join(repo.dir, '.husky', 'pre-merge-commit'), 'utf8')).toBe(
      'keyguard hook pre-merge-commit "$@"\n',
    );
    expect(statSync(join(repo.dir, '.husky', 'pre-merge-commit')).mode & 0o111).toBe(0o111);
    expect(keyguard(repo, ['doctor']).stdout).toMatch(/pre-merge-commit +protected/);
    const merge = repo.tryGit(['merge', '--no-edit', 'feature']);
    expect(merge.status).not.toBe(0);
    expect(merge.stdout + merge.stderr).toContain('creds.ini');
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('2');

    // uninstall takes both lines away again.
    expect(keyguard(repo, ['uninstall']).stdout).toContain('removed .husky/pre-merge-commit');
    expect(existsSync(join(repo.dir, '.husky', 'pre-merge-commit'))).toBe(false);
  });

  it('keyguard init, then husky init: the hook is off until keyguard init runs again, which repairs it', () => {
    const repo = installedRepo();
    expect(keyguard(repo, ['init']).status).toBe(0);
    expect(commit(repo, 'creds.ini', credentials()).status).toBe(1);
    repo.git(['reset', '-q']);
    // husky init rewrites prepare to "husky" and points core.hooksPath at .husky/_.
    expect(node(repo, 'node_modules/husky/bin.js', ['init']).status).toBe(0);
    expect(JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8')).scripts.prepare).toBe('husky');
    repo.write('.husky/pre-commit', '');
    // doctor says so, and is right: the key now goes through, nothing of keyguard's runs.
    const before = keyguard(repo, ['doctor']);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain('NOT protected');
    expect(before.stdout).toContain('fix: npx keyguard init');
    expect(commit(repo, 'creds.ini', credentials()).status).toBe(0);

    const again = keyguard(repo, ['init']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('prepare script is now "husky && keyguard install"');
    const after = keyguard(repo, ['doctor']);
    expect(after.stdout).toContain('Protected: commits that add AWS credentials are blocked.');
    expect(after.status).toBe(0);
    expect(commit(repo, 'more.ini', credentials()).status).toBe(1);
    // And a teammate's npm install keeps it that way.
    npmInstall(repo.dir);
    expect(commit(repo, 'more.ini', credentials()).status).toBe(1);
  });
});

describe('husky 9 and install --hook all', () => {
  it('adds its line to .husky/pre-push and .husky/commit-msg too; both gates block for real', () => {
    const repo = huskyRepo();
    repo.write('.husky/pre-commit', '');
    const remote = createRepo({ initArgs: ['--bare'] });
    repos.push(remote);
    repo.git(['remote', 'add', 'origin', remote.dir]);
    const r = keyguard(repo, ['install', '--hook', 'all']);
    expect(r.status).toBe(0);
    for (const name of ['pre-merge-commit', 'pre-push', 'commit-msg']) {
      expect(readFileSync(join(repo.dir, '.husky', name), 'utf8')).toBe(`keyguard hook ${name} "$@"\n`);
    }
    expect(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(`${LINE}\n`);
    expect(commit(repo, 'README.md', '# app\n').status).toBe(0);
    expect(repo.tryGit(['push', '-q', 'origin', 'main']).status).toBe(0);

    repo.write('notes.txt', 'notes\n');
    repo.git(['add', 'notes.txt']);
    expect(repo.tryGit(['commit', '-m', `notes\n\n${credentials()}`]).status).toBe(1);
    // A key committed past the commit gates (--no-verify skips pre-commit and commit-msg) stops at the push.
    repo.write('deploy.ini', credentials());
    repo.git(['add', 'deploy.ini']);
    expect(repo.tryGit(['commit', '-q', '--no-verify', '-m', 'deploy']).status).toBe(0);
    const push = repo.tryGit(['push', 'origin', 'main']);
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toContain('Push blocked.');
    expect(keyguard(repo, ['uninstall']).stdout).toContain('removed .husky/commit-msg');
    expect(existsSync(join(repo.dir, '.husky', 'pre-push'))).toBe(false);
  });
});

describe('examples/husky', () => {
  it('blocks a key after a plain npm install', () => {
    const repo = createRepo();
    repos.push(repo);
    copyExample('husky', repo.dir, packed.tarball);
    const before = readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8');
    const install = npmInstall(repo.dir);
    expect(install.stdout).toContain('already runs keyguard');
    expect(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8')).toBe(before);
    const clean = commit(repo, 'README.md', '# app\n');
    expect(clean.stderr).toContain('husky example: pre-commit runs');
    expect(clean.status).toBe(0);
    expect(commit(repo, 'deploy/credentials', credentials()).status).toBe(1);
  });
});

describe('husky in a monorepo package (husky packages/app/.husky)', () => {
  it("writes a line that names the package's keyguard", () => {
    const repo = createRepo();
    repos.push(repo);
    const app = join(repo.dir, 'packages', 'app');
    repo.write(
      'packages/app/package.json',
      `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, scripts: { prepare: 'cd ../.. && husky packages/app/.husky && keyguard install' } }, null, 2)}\n`,
    );
    repo.write('.gitignore', 'node_modules/\n');
    npmInstall(app, ['-D', packed.tarball, 'husky@9.1.7']);
    npmInstall(app);
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('packages/app/.husky/_');
    expect(readFileSync(join(app, '.husky', 'pre-commit'), 'utf8')).toBe(
      'packages/app/node_modules/.bin/keyguard hook pre-commit "$@"\n',
    );
    const doctor = node(repo, 'packages/app/node_modules/keyguard/bin/keyguard.cjs', ['doctor']);
    expect(doctor.stdout).toContain('packages/app/node_modules/.bin/keyguard hook pre-commit');
    expect(doctor.status).toBe(0);
    expect(commit(repo, 'README.md', '# hi\n').status).toBe(0);
    expect(commit(repo, 'infra/creds.ini', credentials()).status).toBe(1);
  });
});

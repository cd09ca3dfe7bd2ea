// `keyguard install` / `uninstall` with real git: where the hooks go, chaining, idempotence, atomic writes,
// the hook's own behaviour (KEYGUARD=0, keyguard or node missing, monorepos): docs/install.md.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { KEYGUARD_BIN, PROJECT_ROOT, createRepo, gitEnv, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const HOOKS = ['pre-commit', 'pre-merge-commit'];
const rng = seededRandom(4);
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** A fresh repository with keyguard in its node_modules (as after `npm i -D keyguard`). */
function repoWithKeyguard(options: Parameters<typeof createRepo>[0] = {}): TestRepo {
  const repo = createRepo(options);
  repos.push(repo);
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  return repo;
}

function credentialsFile(): string {
  const pair = fakePair(rng);
  return `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
}

function commit(
  repo: TestRepo,
  path: string,
  content: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): RunResult {
  repo.write(path, content);
  repo.git(['add', '--', path]);
  return repo.tryGit(['commit', '-m', `add ${path}`], options.env ? { env: options.env } : {});
}

function headCount(repo: TestRepo): number {
  const r = repo.tryGit(['rev-list', '--count', 'HEAD']);
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}

function oneLine(text: string): void {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
}

function snapshot(dir: string): Record<string, { text: string; mode: number }> {
  const out: Record<string, { text: string; mode: number }> = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const info = statSync(full);
    if (info.isFile()) out[name] = { text: readFileSync(full, 'utf8'), mode: info.mode & 0o777 };
  }
  return out;
}

describe('rule 1: the hooks directory is the one git uses', () => {
  it('writes pre-commit and pre-merge-commit into .git/hooks, executable, and never sets core.hooksPath', () => {
    const repo = repoWithKeyguard();
    const r = repo.keyguard(['install']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('installed the pre-commit and pre-merge-commit hooks in .git/hooks');
    for (const name of HOOKS) {
      const path = join(repo.dir, '.git', 'hooks', name);
      expect(statSync(path).mode & 0o111).toBe(0o111);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(text).not.toContain('\r');
      expect(text).not.toMatch(/\bnpx\b(?! would)/);
    }
    expect(repo.tryGit(['config', 'core.hooksPath']).status).toBe(1);
  });

  it('follows a relative core.hooksPath, also when run from a subdirectory', () => {
    const repo = repoWithKeyguard();
    repo.git(['config', 'core.hooksPath', '.githooks']);
    mkdirSync(join(repo.dir, 'src', 'deep'), { recursive: true });
    const r = repo.keyguard(['install'], { cwd: join(repo.dir, 'src', 'deep') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('.githooks');
    for (const name of HOOKS) expect(existsSync(join(repo.dir, '.githooks', name))).toBe(true);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(repo.git(['config', 'core.hooksPath']).trim()).toBe('.githooks');
    expect(commit(repo, 'creds.ini', credentialsFile()).status).toBe(1);
  });

  it('writes into the common hooks directory from a linked worktree, and blocks commits made there', () => {
    const repo = repoWithKeyguard();
    repo.write('README.md', 'hello\n');
    repo.git(['add', 'README.md']);
    repo.git(['commit', '-m', 'init']);
    const worktree = join(dirname(repo.dir), 'wt');
    repo.git(['worktree', 'add', '-q', '-b', 'feature', worktree]);
    linkKeyguard(worktree);
    const r = repo.keyguard(['install'], { cwd: worktree });
    expect(r.status).toBe(0);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
    writeFileSync(join(worktree, 'creds.ini'), credentialsFile());
    const run = (args: string[]) => spawnSync('git', args, { cwd: worktree, env: repo.env, encoding: 'utf8' });
    expect(run(['add', 'creds.ini']).status).toBe(0);
    const blocked = run(['commit', '-m', 'creds']);
    expect(blocked.status).toBe(1);
  });

  it('honours GIT_DIR and a separate git directory', () => {
    const repo = repoWithKeyguard();
    const gitDir = join(dirname(repo.dir), 'separate.git');
    rmSync(join(repo.dir, '.git'), { recursive: true, force: true });
    repo.git(['init', '-q', '--initial-branch=main', `--separate-git-dir=${gitDir}`, '.']);
    writeFileSync(join(gitDir, 'info', 'exclude'), 'node_modules/\n');
    const r = repo.keyguard(['install']);
    expect(r.status).toBe(0);
    expect(existsSync(join(gitDir, 'hooks', 'pre-commit'))).toBe(true);
    expect(commit(repo, 'creds.ini', credentialsFile()).status).toBe(1);

    // GIT_DIR given explicitly, from outside the work tree.
    const elsewhere = mkdtempSync(join(tmpdir(), 'keyguard-elsewhere-'));
    try {
      rmSync(join(gitDir, 'hooks'), { recursive: true, force: true });
      const viaEnv = repo.keyguard(['install'], { cwd: elsewhere, env: { GIT_DIR: gitDir, GIT_WORK_TREE: repo.dir } });
      expect(viaEnv.status).toBe(0);
      expect(existsSync(join(gitDir, 'hooks', 'pre-merge-commit'))).toBe(true);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('rule 3: an existing hook is kept and chained; install is idempotent; uninstall restores', () => {
  const USER_HOOK =
    '#!/bin/sh\n# my own hook\necho "user hook ran with [$*]" >&2\ncat > .git/user-hook-stdin\nexit "${USER_HOOK_EXIT:-0}"\n';

  it('keeps the user hook byte for byte, runs it first with arguments and stdin, and honours its exit code', () => {
    const repo = repoWithKeyguard();
    repo.write('.git/hooks/pre-commit', USER_HOOK, { executable: true });
    chmodSync(join(repo.dir, '.git/hooks/pre-commit'), 0o750);
    const r = repo.keyguard(['install']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kept your pre-commit hook as pre-commit.keyguard-chained');
    const chained = join(repo.dir, '.git/hooks/pre-commit.keyguard-chained');
    expect(readFileSync(chained, 'utf8')).toBe(USER_HOOK);
    expect(statSync(chained).mode & 0o777).toBe(0o750);

    // A clean commit runs the user's hook, then keyguard.
    const clean = commit(repo, 'notes.txt', 'hello\n');
    expect(clean.stderr).toContain('user hook ran with []');
    expect(clean.status).toBe(0);
    // The user's hook failing still blocks, with keyguard's hook passing its exit code on.
    const failing = commit(repo, 'more.txt', 'more\n', { env: { USER_HOOK_EXIT: '3' } });
    expect(failing.status).not.toBe(0);
    expect(failing.stderr).toContain('user hook ran');
    // A key is blocked although the user's hook passes.
    expect(commit(repo, 'creds.ini', credentialsFile()).status).toBe(1);

    // Arguments and standard input reach the chained hook (as they would for a hook git feeds).
    const direct = spawnSync(join(repo.dir, '.git/hooks/pre-commit'), ['one', 'two words'], {
      cwd: repo.dir,
      env: { ...repo.env, KEYGUARD: '0' },
      input: 'from stdin\n',
      encoding: 'utf8',
    });
    expect(direct.status).toBe(0);
    expect(direct.stderr).toContain('user hook ran with [one two words]');
    expect(readFileSync(join(repo.dir, '.git/user-hook-stdin'), 'utf8')).toBe('from stdin\n');
  });

  it('changes nothing when run again (byte-identical files, same mtimes)', () => {
    const repo = repoWithKeyguard();
    repo.write('.git/hooks/pre-merge-commit', USER_HOOK, { executable: true });
    expect(repo.keyguard(['install']).status).toBe(0);
    const hooksDir = join(repo.dir, '.git', 'hooks');
    const before = snapshot(hooksDir);
    const mtimes = Object.keys(before).map((n) => statSync(join(hooksDir, n)).mtimeMs);
    const again = repo.keyguard(['install']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing changed');
    expect(snapshot(hooksDir)).toEqual(before);
    expect(Object.keys(before).map((n) => statSync(join(hooksDir, n)).mtimeMs)).toEqual(mtimes);
    // No temporary files left behind by the atomic writes.
    expect(readdirSync(hooksDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('uninstall removes exactly what install added and puts the user hook back as it was', () => {
    const repo = repoWithKeyguard();
    repo.write('.git/hooks/pre-commit', USER_HOOK, { executable: true });
    const hooksDir = join(repo.dir, '.git', 'hooks');
    const before = snapshot(hooksDir);
    expect(repo.keyguard(['install']).status).toBe(0);
    const r = repo.keyguard(['uninstall']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('put back your own pre-commit hook');
    expect(snapshot(hooksDir)).toEqual(before);
    expect(repo.keyguard(['uninstall']).stdout).toContain('nothing changed');
  });

  it('refuses, changing nothing, when a foreign hook and a chained one are both there', () => {
    const repo = repoWithKeyguard();
    repo.write('.git/hooks/pre-commit', USER_HOOK, { executable: true });
    repo.write('.git/hooks/pre-commit.keyguard-chained', '#!/bin/sh\nexit 0\n', { executable: true });
    const before = snapshot(join(repo.dir, '.git', 'hooks'));
    const r = repo.keyguard(['install']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pre-commit is not keyguard's and .*pre-commit\.keyguard-chained already exists/);
    oneLine(r.stderr);
    expect(snapshot(join(repo.dir, '.git', 'hooks'))).toEqual(before);
  });

  it("leaves a hook that is not keyguard's alone on uninstall", () => {
    const repo = repoWithKeyguard();
    repo.write('.git/hooks/pre-commit', USER_HOOK, { executable: true });
    const r = repo.keyguard(['uninstall']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("left pre-commit alone: it is not keyguard's hook");
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8')).toBe(USER_HOOK);
  });
});

describe('rule 4: atomic writes, the executable bit, a read-only hooks directory', () => {
  it('updates its own hook in place, keeping the executable bit', () => {
    const repo = repoWithKeyguard();
    const hook = join(repo.dir, '.git/hooks/pre-commit');
    repo.write('.git/hooks/pre-commit', '#!/bin/sh\n# keyguard-managed-hook (an older version)\nexit 0\n');
    chmodSync(hook, 0o644);
    const r = repo.keyguard(['install']);
    expect(r.status).toBe(0);
    expect(existsSync(`${hook}.keyguard-chained`)).toBe(false);
    expect(statSync(hook).mode & 0o777).toBe(0o755);
    expect(readFileSync(hook, 'utf8')).toContain('keyguard_search_from=');
  });

  it('says so in one line and exits 2 when the hooks directory is read-only', () => {
    const repo = repoWithKeyguard();
    const hooksDir = join(repo.dir, '.git', 'hooks');
    chmodSync(hooksDir, 0o555);
    let r: RunResult;
    if (process.getuid?.() === 0) {
      // root writes anywhere: run the CLI as an unprivileged user, trusting the repository for it, from a
      // copy of keyguard it can read wherever this checkout lives.
      const root = dirname(repo.dir);
      chmodSync(root, 0o755);
      writeFileSync(join(root, 'gitconfig'), '[safe]\n\tdirectory = *\n', { mode: 0o644 });
      const copy = join(root, 'keyguard');
      for (const part of [
        'bin',
        'dist',
        'hooks',
        'package.json',
        'node_modules/picocolors',
        'node_modules/picomatch',
      ]) {
        cpSync(join(PROJECT_ROOT, part), join(copy, part), { recursive: true, dereference: true });
      }
      spawnSync('chmod', ['-R', 'a+rX', copy]);
      // The node under test may live where that user cannot reach it (.ci/run keeps Node.js 22 and 24 in
      // root's home directory): then the same binary, linked (or copied) next to the copy.
      let node = process.execPath;
      if (spawnSync(node, ['--version'], { uid: 65534, gid: 65534 }).status !== 0) {
        node = join(root, 'node');
        try {
          linkSync(process.execPath, node);
        } catch {
          copyFileSync(process.execPath, node);
          chmodSync(node, 0o755);
        }
      }
      const spawned = spawnSync(node, [join(copy, 'bin', 'keyguard.cjs'), 'install'], {
        cwd: repo.dir,
        env: { ...repo.env, GIT_CONFIG_GLOBAL: join(root, 'gitconfig'), HOME: root },
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
      });
      r = { status: spawned.status ?? -1, stdout: spawned.stdout, stderr: spawned.stderr };
    } else {
      r = repo.keyguard(['install']);
    }
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write \.git\/hooks\/pre-commit \(EACCES\)/);
    oneLine(r.stderr);
    expect(readdirSync(hooksDir).filter((n) => !n.endsWith('.sample'))).toEqual([]);
    chmodSync(hooksDir, 0o755);
  });
});

describe('rule 5: outside a repository, and KEYGUARD=0', () => {
  it('prints one line and exits 0 outside a git repository (npm ci in Docker, a tarball install)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyguard-norepo-'));
    try {
      const r = spawnSync(process.execPath, [KEYGUARD_BIN, 'install'], {
        cwd: dir,
        env: gitEnv({ GIT_CEILING_DIRECTORIES: dirname(dir) }),
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('not inside a git repository');
      oneLine(r.stdout);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one line and exits 0 when git itself is missing', () => {
    const repo = repoWithKeyguard();
    const r = spawnSync(process.execPath, [KEYGUARD_BIN, 'install'], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: join(repo.dir, 'no-such-dir') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('git is not installed');
  });

  it('KEYGUARD=0 skips install', () => {
    const repo = repoWithKeyguard();
    const r = repo.keyguard(['install'], { env: { KEYGUARD: '0' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('KEYGUARD=0');
    oneLine(r.stdout);
    expect(existsSync(join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('KEYGUARD=0 lets the hook pass, saying so in one line', () => {
    const repo = repoWithKeyguard();
    expect(repo.keyguard(['install']).status).toBe(0);
    const r = commit(repo, 'creds.ini', credentialsFile(), { env: { KEYGUARD: '0' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('keyguard: KEYGUARD=0 is set, so the pre-commit check is skipped.');
    oneLine(r.stderr);
    expect(headCount(repo)).toBe(1);
  });
});

describe('rule 6: monorepos', () => {
  it('finds keyguard installed in packages/app/node_modules (install run from that package)', () => {
    const repo = createRepo();
    repos.push(repo);
    repo.write('packages/app/package.json', '{ "name": "app", "private": true }\n');
    linkKeyguard(join(repo.dir, 'packages', 'app'), { exclude: join(repo.dir, '.git', 'info', 'exclude') });
    const r = repo.keyguard(['install'], { cwd: join(repo.dir, 'packages', 'app') });
    expect(r.status).toBe(0);
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8')).toContain(
      'keyguard_search_from=packages/app\n',
    );
    expect(commit(repo, 'README.md', 'hi\n').status).toBe(0);
    expect(commit(repo, 'packages/app/.env', credentialsFile()).status).toBe(1);
    // Committing from inside the package: git still runs the hook from the top of the work tree.
    repo.write('packages/app/creds.ini', credentialsFile());
    repo.git(['add', 'packages/app/creds.ini']);
    const fromPackage = spawnSync('git', ['commit', '-m', 'creds'], {
      cwd: join(repo.dir, 'packages', 'app'),
      env: repo.env,
      encoding: 'utf8',
    });
    expect(fromPackage.status).toBe(1);
  });

  it('finds keyguard hoisted to the root node_modules (install run from a package)', () => {
    const repo = repoWithKeyguard();
    repo.write('packages/app/package.json', '{ "name": "app", "private": true }\n');
    const r = repo.keyguard(['install'], { cwd: join(repo.dir, 'packages', 'app') });
    expect(r.status).toBe(0);
    expect(commit(repo, 'README.md', 'hi\n').status).toBe(0);
    expect(commit(repo, 'packages/app/creds.ini', credentialsFile()).status).toBe(1);
  });
});

describe('rule 7: the hook finds keyguard without npx, or blocks saying why', () => {
  it('blocks with one line when keyguard is not installed (a fresh clone before npm install)', () => {
    const repo = createRepo();
    repos.push(repo);
    expect(repo.keyguard(['install']).status).toBe(0);
    const r = commit(repo, 'README.md', 'hi\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /keyguard: cannot check this commit: keyguard is not installed .*npm install.*--no-verify.*KEYGUARD=0/,
    );
    oneLine(r.stderr);
    expect(headCount(repo)).toBe(0);
    // and KEYGUARD=0 lets it through
    expect(repo.tryGit(['commit', '-m', 'x'], { env: { KEYGUARD: '0' } }).status).toBe(0);
  });

  it('blocks with one line when node is not on the PATH the hook gets (a GUI client)', () => {
    const repo = repoWithKeyguard();
    expect(repo.keyguard(['install']).status).toBe(0);
    repo.write('README.md', 'hi\n');
    repo.git(['add', 'README.md']);
    // A PATH with git but no node: the hook itself needs only the shell's builtins to get that far.
    const bin = join(dirname(repo.dir), 'bare-bin');
    mkdirSync(bin);
    const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(git, join(bin, 'git'));
    const r = spawnSync(git, ['commit', '-m', 'x'], {
      cwd: repo.dir,
      env: { ...repo.env, PATH: bin },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/keyguard: cannot check this commit: node is not on the PATH .*--no-verify/);
    oneLine(r.stderr);
  });

  it("prefers the package's own keyguard, found by walking up from where install ran", () => {
    const repo = repoWithKeyguard();
    expect(repo.keyguard(['install']).status).toBe(0);
    const text = readFileSync(join(repo.dir, '.git/hooks/pre-commit'), 'utf8');
    expect(text).toContain('node_modules/keyguard/bin/keyguard.cjs');
    expect(text).toContain('keyguard_search_from=.\n');
    expect(text).toBe(readFileSync(join(PROJECT_ROOT, 'hooks', 'pre-commit'), 'utf8'));
  });

  it('is POSIX sh: parses with sh -n, and passes shellcheck when it is installed', () => {
    const script = join(PROJECT_ROOT, 'hooks', 'pre-commit');
    expect(spawnSync('sh', ['-n', script]).status).toBe(0);
    expect(readFileSync(script, 'utf8')).not.toContain('\r');
    const shellcheck = spawnSync('shellcheck', ['-s', 'sh', script], { encoding: 'utf8' });
    if (shellcheck.error) return; // not installed here
    expect(shellcheck.stdout + shellcheck.stderr).toBe('');
    expect(shellcheck.status).toBe(0);
  });

  it('gives a chained hook that git feeds (pre-push) its standard input, through a temporary copy it removes', () => {
    const repo = repoWithKeyguard();
    expect(repo.keyguard(['install']).status).toBe(0);
    const hooks = join(repo.dir, '.git', 'hooks');
    writeFileSync(join(hooks, 'pre-push'), readFileSync(join(hooks, 'pre-commit')), { mode: 0o755 });
    writeFileSync(
      join(hooks, 'pre-push.keyguard-chained'),
      '#!/bin/sh\necho "$1 $2" > .git/pushed\ncat >> .git/pushed\n',
      { mode: 0o755 },
    );
    const temp = mkdtempSync(join(tmpdir(), 'keyguard-stdin-'));
    try {
      const r = spawnSync(join(hooks, 'pre-push'), ['origin', 'https://example.invalid/repo.git'], {
        cwd: repo.dir,
        env: { ...repo.env, KEYGUARD: '0', TMPDIR: temp },
        input: 'refs/heads/main 1111 refs/heads/main 0000\n',
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      expect(readFileSync(join(repo.dir, '.git', 'pushed'), 'utf8')).toBe(
        'origin https://example.invalid/repo.git\nrefs/heads/main 1111 refs/heads/main 0000\n',
      );
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('blocks a merge that brings a key in through pre-merge-commit', () => {
    const repo = repoWithKeyguard();
    repo.write('README.md', 'hi\n');
    repo.git(['add', 'README.md']);
    repo.git(['commit', '-m', 'init']);
    repo.git(['checkout', '-q', '-b', 'feature']);
    repo.write('creds.ini', credentialsFile());
    repo.git(['add', 'creds.ini']);
    repo.git(['commit', '-m', 'creds (before keyguard was installed)']);
    repo.git(['checkout', '-q', 'main']);
    repo.write('other.txt', 'diverge\n');
    repo.git(['add', 'other.txt']);
    repo.git(['commit', '-m', 'diverge']);
    expect(repo.keyguard(['install']).status).toBe(0);
    const merge = repo.tryGit(['merge', '--no-edit', 'feature']);
    expect(merge.status).not.toBe(0);
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('2');
  });
});

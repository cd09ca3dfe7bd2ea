// What keyguard does when the world around it fails: git missing or too old, git dying or a blob gone, a
// read-only or full disk, an install killed half-way or run twice at once, Ctrl-C, keyguard's own files
// broken. Each fault is made for real where there is a way (a fake `git` earlier on PATH, a deleted or
// FIFO object file, a tmpfs or a read-only bind mount in a private mount namespace, a truncated bundle),
// and each test checks three things: one clear line and the right exit code; a commit that cannot be
// checked is blocked, with a bypass that works as printed; and the user's files (their own hook,
// package.json, .keyguard.json, the baseline, an earlier report) are byte for byte what they were.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { KEYGUARD_BIN, PROJECT_ROOT, createRepo, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(18);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The real git, by its absolute path, for the fake `git` scripts that stand in front of it. */
const REAL_GIT = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();

function oneLine(text: string): void {
  expect(text.trim().split('\n'), text).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The user's own files, each with a layout keyguard must not "fix" (tabs, key order, no final newline). */
const USER_FILES: Record<string, string> = {
  'package.json':
    '{\n\t"name": "app",\n\t"version": "1.0.0",\n\t"scripts": {\n\t\t"test": "node -e 0"\n\t},\n\t"private": true\n}',
  '.keyguard.json': '{ "ignorePaths": ["fixtures/**"] }\n',
  '.keyguard-baseline.json': '{\n  "version": 1,\n  "findings": []\n}\n',
  'report.json': '{"an": "earlier report"}\n',
};
const USER_HOOK = '#!/bin/sh\n# the team\'s own lint hook\necho "user hook ran" >&2\nexit 0\n';

/** A repository with keyguard in node_modules, the user's files committed and the user's own pre-commit hook. */
function userRepo(): TestRepo {
  const repo = createRepo();
  cleanups.push(() => repo.cleanup());
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  for (const [path, text] of Object.entries(USER_FILES)) repo.write(path, text);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-m', 'base']);
  // git's sample hooks would only fill the small file systems below.
  for (const name of readdirSync(hooksDir(repo))) rmSync(join(hooksDir(repo), name));
  repo.write('.git/hooks/pre-commit', USER_HOOK, { executable: true });
  return repo;
}

function hooksDir(repo: TestRepo): string {
  return join(repo.dir, '.git', 'hooks');
}

/** Every file the user owns, as bytes and mode, keyed by path (the hooks directory's files included). */
function userBytes(repo: TestRepo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(USER_FILES)) out[path] = readFileSync(join(repo.dir, path)).toString('base64');
  const hook = join(hooksDir(repo), 'pre-commit');
  out['.git/hooks/pre-commit'] =
    `${(lstatSync(hook).mode & 0o777).toString(8)} ${readFileSync(hook).toString('base64')}`;
  return out;
}

function stageKey(repo: TestRepo, path = 'config/aws.ini'): void {
  const pair = fakePair(rng);
  repo.write(path, `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
  repo.git(['add', '--', path]);
}

/** The loose object file of a blob. */
function objectFile(repo: TestRepo, oid: string): string {
  return join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
}

/** A directory holding one executable `git` script, to put first on PATH. */
function fakeGit(script: string): string {
  const dir = tempDir('keyguard-fake-git-');
  writeFileSync(join(dir, 'git'), `#!/bin/sh\nreal=${REAL_GIT}\n${script}`);
  chmodSync(join(dir, 'git'), 0o755);
  return dir;
}

/**
 * Whether this machine lets a test mount a file system in a mount namespace of its own (unshare -rm: a
 * user namespace, so no real privilege is needed where the kernel allows unprivileged ones).
 */
const CAN_MOUNT = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'keyguard-mount-probe-'));
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', dir], {
    encoding: 'utf8',
  });
  rmSync(dir, { recursive: true, force: true });
  return r.status === 0;
})();

/**
 * Runs `script` (sh) in a private mount namespace, where `setup` first mounts what the fault needs. The
 * mounts vanish with the namespace, so the script copies out what the test looks at afterwards.
 */
function inMountNamespace(script: string, env: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', `set -u\n${script}`], { env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function sh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const keyguardCommand = (args: string) => `${sh(process.execPath)} ${sh(KEYGUARD_BIN)} ${args}`;

describe('git missing or too old', () => {
  it('no git on PATH: the scan and the hook say so in one line and exit 2; install explains and exits 0 (npm ci without git)', () => {
    const repo = userRepo();
    stageKey(repo);
    const before = userBytes(repo);
    const noGit = { PATH: tempDir('keyguard-no-git-') };
    const scan = repo.keyguard(['scan', '--staged'], { env: noGit });
    expect(scan).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'keyguard: git was not found on PATH (install git, or fix PATH for the hook).\n',
    });
    const hook = repo.keyguard(['hook', 'pre-commit'], { env: noGit });
    expect(hook.status).toBe(2);
    oneLine(hook.stderr);
    expect(hook.stderr).toMatch(
      /^keyguard: cannot check this commit: git was not found on PATH .*bypass once with `git commit --no-verify`/,
    );
    const install = repo.keyguard(['install'], { env: noGit });
    expect(install).toMatchObject({
      status: 0,
      stdout: 'keyguard: git is not installed or not on PATH, so no hook was installed.\n',
    });
    expect(userBytes(repo)).toEqual(before);
  });

  // A git older than 2.31 (rev-parse --path-format) is faked by a script that says it is 2.22.0 and does
  // what git 2.22 does with the two options keyguard uses that it lacks: rev-parse prints an option it
  // does not know back as it is, and `--end-of-options` (2.24) is a revision it cannot find.
  const OLD_GIT = `
verify=
for a; do
  case $a in
    version|--version) echo "git version 2.22.0"; exit 0 ;;
    --path-format=absolute) echo "$a" ;;
    --verify) verify=1 ;;
    --end-of-options)
      [ -z "$verify" ] || exit 1
      echo "fatal: unrecognized argument: --end-of-options" >&2; exit 128 ;;
  esac
done
n=$#
while [ "$n" -gt 0 ]; do a=$1; shift; n=$((n - 1)); [ "$a" = --path-format=absolute ] || set -- "$@" "$a"; done
exec "$real" "$@"
`;

  it('git older than 2.31: install and a history scan name the version and the minimum, in one line, exit 2', () => {
    const repo = userRepo();
    const before = userBytes(repo);
    const env = { PATH: `${fakeGit(OLD_GIT)}:${process.env.PATH}` };
    const line = 'keyguard: git 2.22.0 is too old: keyguard needs git 2.31 or later.\n';
    expect(repo.keyguard(['install'], { env })).toMatchObject({ status: 2, stdout: '', stderr: line });
    // Without the check, "no commits" would pass a history that was never read.
    expect(repo.keyguard(['scan', '--history'], { env })).toMatchObject({ status: 2, stdout: '', stderr: line });
    expect(userBytes(repo)).toEqual(before);
    // The version is asked only when git fails: a staged scan the old git can do runs as usual.
    stageKey(repo);
    expect(repo.keyguard(['scan', '--staged'], { env }).status).toBe(1);
  });
});

describe('git dying, or a blob gone', () => {
  it('git cat-file killed mid-answer (SIGKILL, as the OOM killer does): one line naming it, exit 2, the commit blocked', () => {
    const repo = userRepo();
    stageKey(repo);
    // cat-file answers part of its first object's header, then dies: the process keyguard reads from is
    // gone mid-stream.
    const path = fakeGit(`
for a; do
  if [ "$a" = cat-file ]; then
    IFS= read -r first
    printf '%s\\n' "$first" | "$real" "$@" | head -c 30
    kill -KILL $$
  fi
done
exec "$real" "$@"
`);
    const env = { PATH: `${path}:${process.env.PATH}` };
    const before = userBytes(repo);
    const scan = repo.keyguard(['scan', '--staged'], { env });
    expect(scan.status).toBe(2);
    oneLine(scan.stderr);
    expect(scan.stderr).toBe(
      'keyguard: git cat-file --batch was killed by SIGKILL (set KEYGUARD_DEBUG=1 for details)\n',
    );
    const hook = repo.keyguard(['hook', 'pre-commit'], { env });
    expect(hook.status).toBe(2);
    oneLine(hook.stderr);
    expect(hook.stderr).toMatch(
      /cannot check this commit: git cat-file --batch was killed by SIGKILL .*`git commit --no-verify`/,
    );
    const debug = repo.keyguard(['hook', 'pre-commit'], { env: { ...env, KEYGUARD_DEBUG: '1' } });
    expect(debug.stderr).toMatch(/^\s+at /m);
    expect(debug.stderr).toContain('"signal": "SIGKILL"');
    expect(userBytes(repo)).toEqual(before);
  });

  it.each([
    ['deleted', (file: string) => unlinkSync(file)],
    [
      'overwritten with garbage',
      (file: string) => {
        chmodSync(file, 0o644);
        writeFileSync(file, 'not zlib');
      },
    ],
  ])('a staged blob whose object file is %s: the commit is blocked with one line naming the file, and `git fsck` finds it', (_, damage) => {
    const repo = userRepo();
    repo.git(['config', 'core.hooksPath', '.git/hooks']);
    expect(repo.keyguard(['install']).status).toBe(0);
    repo.write('notes.txt', 'just notes\n');
    repo.git(['add', 'notes.txt']);
    const oid = repo.git(['rev-parse', ':notes.txt']).trim();
    damage(objectFile(repo, oid));
    const before = userBytes(repo);
    const commit = repo.tryGit(['commit', '-m', 'notes']);
    expect(commit.status).not.toBe(0);
    const ours = commit.stderr.split('\n').filter((l) => l.startsWith('keyguard:'));
    expect(ours).toEqual([
      `keyguard: cannot check this commit: git cannot read notes.txt (object ${oid} is missing or damaged: a corrupt repository, or one copied without all its objects); \`git fsck\` names what is broken; fix that, or bypass once with \`git commit --no-verify\` (or KEYGUARD=0).`,
    ]);
    expect(commit.stderr).not.toMatch(/^\s+at /m);
    // The command the line names, as printed, where the user stands.
    const fsck = spawnSync('sh', ['-c', 'git fsck'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect(fsck.status).not.toBe(0);
    expect(`${fsck.stdout}${fsck.stderr}`).toContain(oid);
    expect(userBytes(repo)).toEqual(before);
  });
});

// Skipped where no mount namespace can be made (unshare -rm refused: unprivileged user namespaces are
// off): a full or a read-only disk needs one, and faking either would test the fake.
describe.skipIf(!CAN_MOUNT)('full and read-only disks', () => {
  it("the disk full during install, init, baseline and --output: one line each, exit 2, nothing of the user's changed", () => {
    const repo = userRepo();
    stageKey(repo);
    const before = userBytes(repo);
    const out = tempDir('keyguard-full-out-');
    // The work tree is copied onto a 2 MB tmpfs mounted over it, which a filler file then fills up.
    const result = inMountNamespace(
      `
repo=${sh(repo.dir)}; out=${sh(out)}; stash=$out/stash
cp -a "$repo/." "$stash"
mount -t tmpfs -o size=2m tmpfs "$repo"
cp -a "$stash/." "$repo"
cd "$repo"
dd if=/dev/zero of="$repo/.filler" bs=4k 2>/dev/null
for cmd in install init baseline 'scan --staged --output report.json'; do
  name=$(echo "$cmd" | cut -d' ' -f1)
  ${keyguardCommand('$cmd')} >"$out/$name.out" 2>"$out/$name.err"
  echo $? >"$out/$name.status"
done
rm -f "$repo/.filler"
mkdir "$out/after"
cp -a "$repo/." "$out/after"
`,
      repo.env,
    );
    expect(result.status, result.stderr).toBe(0);
    const read = (name: string, ext: string) => readFileSync(join(out, `${name}.${ext}`), 'utf8');
    const expected: Record<string, RegExp> = {
      install:
        /^keyguard: cannot write \.git\/hooks\/pre-commit \(ENOSPC\); the disk is full: free some space, then run keyguard install again\.$/,
      init: /^keyguard: cannot update package\.json: it cannot be written \(ENOSPC\)\.$/,
      baseline: /^keyguard: cannot write .*\.keyguard-baseline\.json: no space left on the device$/,
      scan: /^keyguard: cannot write report\.json: no space left on the device$/,
    };
    for (const [name, line] of Object.entries(expected)) {
      expect(read(name, 'status').trim(), `${name}: ${read(name, 'err')}`).toBe('2');
      oneLine(read(name, 'err'));
      expect(read(name, 'err').trim()).toMatch(line);
    }
    const after = createRepoView(join(out, 'after'));
    expect(userBytes(after)).toEqual(before);
    // No temporary file left behind by a write that failed.
    expect(readdirSync(join(out, 'after', '.git', 'hooks'))).toEqual(['pre-commit']);
    expect(readdirSync(join(out, 'after')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("a read-only hooks directory (EROFS, which stops root too): one line, exit 2, the user's hook untouched", () => {
    const repo = userRepo();
    const before = userBytes(repo);
    const out = tempDir('keyguard-ro-out-');
    const result = inMountNamespace(
      `
hooks=${sh(hooksDir(repo))}; out=${sh(out)}
mount --bind "$hooks" "$hooks"
mount -o remount,bind,ro "$hooks"
cd ${sh(repo.dir)}
${keyguardCommand('install')} >"$out/out" 2>"$out/err"
echo $? >"$out/status"
`,
      repo.env,
    );
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(out, 'status'), 'utf8').trim()).toBe('2');
    expect(readFileSync(join(out, 'err'), 'utf8')).toBe(
      'keyguard: cannot write .git/hooks/pre-commit (EROFS); the file system is read-only: make it writable, then run keyguard install again.\n',
    );
    expect(userBytes(repo)).toEqual(before);
    expect(readdirSync(hooksDir(repo))).toEqual(['pre-commit']);
  });
});

/** A TestRepo-shaped view of a copied work tree, for userBytes. */
function createRepoView(dir: string): TestRepo {
  return { dir } as TestRepo;
}

describe('install interrupted, or run twice at once', () => {
  // There is no real way to stop a process between two given system calls, so a module preloaded with
  // NODE_OPTIONS=--require kills keyguard (SIGKILL, as a power cut or the OOM killer would) when it is
  // about to rename a file onto the hook path named by KILL_AT, i.e. after the new hook is written and
  // before it is put in place.
  function killer(): string {
    const file = join(tempDir('keyguard-killer-'), 'kill-before-rename.cjs');
    writeFileSync(
      file,
      `const fsp = require('node:fs/promises');
const rename = fsp.rename;
fsp.rename = (from, to) => {
  if (String(to).endsWith(process.env.KILL_AT)) process.kill(process.pid, 'SIGKILL');
  return rename(from, to);
};
`,
    );
    return file;
  }

  it("killed between writing the hook and renaming it: the user's hook is still in place and runs; the next install finishes the job", () => {
    const repo = userRepo();
    const before = userBytes(repo);
    const killed = repo.keyguard(['install'], {
      env: { NODE_OPTIONS: `--require ${killer()}`, KILL_AT: '/hooks/pre-commit' },
    });
    expect(killed.status).toBe(-1); // killed by the signal
    expect(userBytes(repo)).toEqual(before);
    // A commit now still runs the user's own hook.
    repo.write('a.txt', 'a\n');
    repo.git(['add', 'a.txt']);
    const commit = repo.tryGit(['commit', '-m', 'a']);
    expect(commit.status).toBe(0);
    expect(commit.stderr).toContain('user hook ran');
    // What the kill left: the user's hook under its second name too (the same file), and keyguard's
    // hook, written but never renamed into place.
    const left = readdirSync(hooksDir(repo)).filter((name) => name.endsWith('.tmp'));
    expect(left).toHaveLength(1);
    expect(readFileSync(join(hooksDir(repo), left[0]!), 'utf8')).toContain('keyguard-managed-hook');
    // Installing again completes the chain: keyguard's hook in place, the user's kept byte for byte; the
    // leftover goes once it is old enough not to be another install's, about to be renamed.
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(hooksDir(repo), left[0]!), hourAgo, hourAgo);
    const again = repo.keyguard(['install']);
    expect(again, again.stderr).toMatchObject({ status: 0 });
    expect(readFileSync(join(hooksDir(repo), 'pre-commit'), 'utf8')).toContain('keyguard-managed-hook');
    expect(readFileSync(join(hooksDir(repo), 'pre-commit.keyguard-chained'), 'utf8')).toBe(USER_HOOK);
    expect(readdirSync(hooksDir(repo)).sort()).toEqual([
      'pre-commit',
      'pre-commit.keyguard-chained',
      'pre-merge-commit',
    ]);
    stageKey(repo);
    const blocked = repo.tryGit(['commit', '-m', 'key']);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('user hook ran');
  });

  it("six `keyguard install` at once (npm workspaces running prepare in parallel), three times: one keyguard hook, the user's chained once, byte for byte", async () => {
    for (let round = 0; round < 3; round++) {
      const repo = userRepo();
      const runs = await Promise.all(
        Array.from(
          { length: 6 },
          () =>
            new Promise<{ code: number | null; stderr: string }>((resolve) => {
              const child = spawn(process.execPath, [KEYGUARD_BIN, 'install'], {
                cwd: repo.dir,
                env: repo.env,
                stdio: ['ignore', 'ignore', 'pipe'],
              });
              let stderr = '';
              child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
              child.on('close', (code) => resolve({ code, stderr }));
            }),
        ),
      );
      for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(readdirSync(hooksDir(repo)).sort()).toEqual([
        'pre-commit',
        'pre-commit.keyguard-chained',
        'pre-merge-commit',
      ]);
      expect(readFileSync(join(hooksDir(repo), 'pre-commit'), 'utf8')).toContain('keyguard-managed-hook');
      expect(readFileSync(join(hooksDir(repo), 'pre-commit.keyguard-chained'), 'utf8')).toBe(USER_HOOK);
      expect(lstatSync(join(hooksDir(repo), 'pre-commit.keyguard-chained')).mode & 0o777).toBe(0o755);
      expect(readFileSync(join(hooksDir(repo), 'pre-merge-commit'), 'utf8')).toContain('keyguard-managed-hook');
      // The chain runs the user's hook once, then blocks the key.
      stageKey(repo);
      const commit = repo.tryGit(['commit', '-m', 'key']);
      expect(commit.status).toBe(1);
      expect(commit.stderr.match(/user hook ran/g)).toHaveLength(1);
    }
    // Eighteen starts of keyguard and three commits, on a machine that may be busy.
  }, 240_000);
});

describe('Ctrl-C', () => {
  /** The pids of `pid`'s children (Linux /proc). */
  function childrenOf(pid: number): number[] {
    try {
      return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
        readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
      );
    } catch {
      return [];
    }
  }

  const alive = (pid: number) =>
    existsSync(`/proc/${pid}`) && !/^\S+ \S+ Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'x'));

  it.skipIf(process.platform !== 'linux')(
    'SIGINT during a scan that git keeps waiting: exit 130, and no git process left behind',
    async () => {
      const repo = userRepo();
      repo.write('big.txt', 'text\n');
      repo.git(['add', 'big.txt']);
      // A loose object that is a FIFO: git cat-file blocks opening it until someone writes, which nobody
      // does (the watchdog would stop it after KEYGUARD_TIMEOUT; turned off here).
      const file = objectFile(repo, repo.git(['rev-parse', ':big.txt']).trim());
      unlinkSync(file);
      expect(spawnSync('mkfifo', [file]).status).toBe(0);
      const before = userBytes(repo);
      const child = spawn(process.execPath, [KEYGUARD_BIN, 'scan', '--staged'], {
        cwd: repo.dir,
        env: { ...repo.env, KEYGUARD_TIMEOUT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('close', (code, signal) => resolve({ code, signal })),
      );
      // Wait until git cat-file is running and stuck (the scan is under way), then press Ctrl-C.
      let gits: number[] = [];
      for (let i = 0; i < 400 && gits.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        gits = childrenOf(child.pid!).filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cat-file');
          } catch {
            return false;
          }
        });
      }
      expect(gits.length, 'git cat-file never started').toBeGreaterThan(0);
      child.kill('SIGINT');
      expect(await exit, stderr).toEqual({ code: 130, signal: null });
      expect(gits.filter(alive)).toEqual([]);
      expect(userBytes(repo)).toEqual(before);
    },
  );
});

describe('keyguard itself broken: the commit is blocked in one line that says how to bypass, and the bypass works as printed', () => {
  /** A repository whose node_modules/keyguard is a copy of this package, with the user's hook chained. */
  function repoWithCopy(): { repo: TestRepo; copy: string } {
    const repo = userRepo();
    const copy = join(tempDir('keyguard-copy-'), 'keyguard');
    for (const part of ['bin', 'dist', 'hooks', 'package.json'])
      cpSync(join(PROJECT_ROOT, part), join(copy, part), { recursive: true, dereference: true });
    rmSync(join(repo.dir, 'node_modules', 'keyguard'));
    symlinkSync(copy, join(repo.dir, 'node_modules', 'keyguard'), 'dir');
    const install = repo.keyguard(['install']);
    expect(install.status, install.stderr).toBe(0);
    return { repo, copy };
  }

  it.each([
    [
      'truncated (an npm install cut short)',
      (bundle: string) => truncateSync(bundle, 5000),
      /keyguard itself cannot start \(dist\/bin\.cjs: SyntaxError: [^)]*\)/,
    ],
    ['gone', (bundle: string) => rmSync(bundle), /keyguard itself cannot start \(dist\/bin\.cjs: ENOENT\)/],
  ])('the bundle %s', (_, breakIt, reason) => {
    const { repo, copy } = repoWithCopy();
    const bundle = join(copy, 'dist', 'bin.cjs');
    breakIt(bundle);
    stageKey(repo);
    const before = userBytes(repo);
    const blocked = repo.tryGit(['commit', '-m', 'key']);
    expect(blocked.status).not.toBe(0);
    const lines = blocked.stderr.trim().split('\n');
    // The user's chained hook speaks first, then keyguard's one line.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('user hook ran');
    expect(lines[1]).toMatch(/^keyguard: cannot check this commit: /);
    expect(lines[1]).toMatch(reason);
    expect(lines[1]).toContain(
      'reinstall it (npm install), or bypass once with `git commit --no-verify` (or KEYGUARD=0).',
    );
    expect(blocked.stderr).not.toMatch(/^\s+at /m);
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');

    // KEYGUARD_DEBUG=1: the details.
    const debug = repo.tryGit(['commit', '-m', 'key'], { env: { KEYGUARD_DEBUG: '1' } });
    expect(debug.status).not.toBe(0);
    expect(debug.stderr).toMatch(/^\s+at /m);

    // The bypass as printed: `git commit --no-verify` (git asks for the message in the editor).
    const editor = join(tempDir('keyguard-editor-'), 'editor');
    writeFileSync(editor, '#!/bin/sh\necho "bypassed" >"$1"\n');
    chmodSync(editor, 0o755);
    const noVerify = spawnSync('sh', ['-c', 'git commit --no-verify'], {
      cwd: repo.dir,
      env: { ...repo.env, GIT_EDITOR: editor },
      encoding: 'utf8',
    });
    expect(noVerify.status, noVerify.stderr).toBe(0);
    expect(repo.git(['log', '-1', '--format=%s']).trim()).toBe('bypassed');
    // And KEYGUARD=0: the hook skips keyguard (the user's own hook still runs).
    repo.write('b.txt', 'b\n');
    repo.git(['add', 'b.txt']);
    const skip = spawnSync('sh', ['-c', 'KEYGUARD=0 git commit -m skip'], {
      cwd: repo.dir,
      env: repo.env,
      encoding: 'utf8',
    });
    expect(skip.status, skip.stderr).toBe(0);
    expect(skip.stderr).toContain('user hook ran');
    expect(skip.stderr).toContain('KEYGUARD=0 is set, so the pre-commit check is skipped.');
    // Nothing of the user's was touched by any of it.
    const after = userBytes(repo);
    expect(after['package.json']).toBe(before['package.json']);
    expect(after['.keyguard.json']).toBe(before['.keyguard.json']);
    expect(after['.keyguard-baseline.json']).toBe(before['.keyguard-baseline.json']);
    expect(readFileSync(join(hooksDir(repo), 'pre-commit.keyguard-chained'), 'utf8')).toBe(USER_HOOK);
  });

  // A cache file is the bundle's bytes, then V8's data twice; V8 aborts on damaged data it is given, so
  // damage in either copy must keep the data from V8.
  it.each([
    ['the end of the file (the second copy of V8 data)', (size: number, _bundle: number) => size - 4096],
    ['the first copy of V8 data, past its header', (_size: number, bundle: number) => bundle + 2048],
  ])('a code cache damaged at %s is only a lost cache: the hook runs and blocks the key as usual', (_, at) => {
    const { repo, copy } = repoWithCopy();
    const cache = process.env.XDG_CACHE_HOME!;
    const bundle = readFileSync(join(copy, 'dist', 'bin.cjs')).length;
    // One run writes the cache; then every cache file gets 4 KB of garbage after its bundle bytes.
    stageKey(repo);
    expect(repo.keyguard(['scan', '--staged']).status).toBe(1);
    const dir = join(cache, 'keyguard');
    const files = readdirSync(dir).filter((name) => name.startsWith('bin-'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const bytes = readFileSync(join(dir, name));
      const start = at(bytes.length, bundle);
      expect(start).toBeGreaterThanOrEqual(bundle);
      writeFileSync(
        join(dir, name),
        Buffer.concat([bytes.subarray(0, start), Buffer.alloc(4096, 0xa5), bytes.subarray(start + 4096)]),
        { mode: 0o600 },
      );
    }
    const blocked = repo.tryGit(['commit', '-m', 'key']);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('user hook ran');
    expect(blocked.stdout + blocked.stderr).toMatch(/AWS credential/);
  });
});

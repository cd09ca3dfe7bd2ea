// The repository being scanned is hostile input: its git config names programs, its objects can be
// replaced or missing or not files at all, it can belong to someone else. Each test plants one such
// thing in a real repository and runs the built CLI (or a real `git commit` through a hook that runs it):
// keyguard must still block the staged key, run none of the planted programs (each would create a marker
// file), and never hang (every spawn has a generous timeout, only so that a regression cannot hang the
// suite; no assertion is about time).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakePair, seededRandom, type FakePair } from '../support/fake-credentials.js';
import { createRepo, withRepo, writeScanHooks, type RunResult, type TestRepo } from '../support/git-repo.js';

const rng = seededRandom(0x7a57);
const credentials = (pair: FakePair) => `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;

/** Long enough for any machine, short enough that a hang fails the test instead of the whole run. */
const SPAWN_TIMEOUT = 60_000;

interface JsonReport {
  findings: { path: string; rule: string }[];
  skipped: { path: string; reason: string }[];
}

/** The repository's temporary directory (beside the work tree): where planted programs leave markers. */
const rootOf = (repo: TestRepo) => dirname(repo.dir);

/**
 * Writes a program that creates `<root>/marker.<name>` when run, and returns its path and the marker's.
 * It fails, so that git does not take its output for anything.
 */
function plantProgram(repo: TestRepo, name: string): { program: string; marker: string } {
  const program = join(rootOf(repo), `planted-${name}`);
  const marker = join(rootOf(repo), `marker.${name}`);
  writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  return { program, marker };
}

function stageKey(repo: TestRepo, path = 'config/credentials'): FakePair {
  const pair = fakePair(rng);
  repo.write(path, credentials(pair));
  repo.git(['add', '--', path]);
  return pair;
}

function scan(repo: TestRepo, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  return repo.keyguard(args, { env, timeout: SPAWN_TIMEOUT });
}

function jsonScan(repo: TestRepo, args: readonly string[]): { status: number; report: JsonReport } {
  const run = scan(repo, [...args, '--format', 'json']);
  if (run.status !== 0 && run.status !== 1) throw new Error(`keyguard failed (${run.status}): ${run.stderr}`);
  return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
}

/** Processes (other than zombies already reaped) whose working directory is under `dir`. */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(pid);
    } catch {
      // gone, or not ours to look at
    }
  }
  return found;
}

/** Commits through real git; the hooks run the built CLI. */
function commit(repo: TestRepo, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync('git', ['commit', '-q', '-m', 'add'], {
    cwd: repo.dir,
    env: { ...repo.env, ...env },
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('repository config that names programs', () => {
  it('core.fsmonitor is not run, and the staged key is still found', () =>
    withRepo((repo) => {
      stageKey(repo);
      const { program, marker } = plantProgram(repo, 'fsmonitor');
      repo.git(['config', 'core.fsmonitor', program]);
      const { status, report } = jsonScan(repo, ['scan', '--staged']);
      expect(status).toBe(1);
      expect(report.findings.map((f) => f.path)).toContain('config/credentials');
      expect(existsSync(marker)).toBe(false);
    }));

  it('diff.external is not run', () =>
    withRepo((repo) => {
      stageKey(repo);
      const { program, marker } = plantProgram(repo, 'external-diff');
      repo.git(['config', 'diff.external', program]);
      expect(jsonScan(repo, ['scan', '--staged']).status).toBe(1);
      expect(existsSync(marker)).toBe(false);
    }));

  it('a textconv driver named by .gitattributes is not run', () =>
    withRepo((repo) => {
      const { program, marker } = plantProgram(repo, 'textconv');
      repo.write('.gitattributes', '* diff=planted\n');
      repo.git(['add', '.gitattributes']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'attributes']);
      repo.write('config/credentials', 'nothing yet\n');
      repo.git(['add', 'config/credentials']);
      repo.git(['commit', '-q', '--no-verify', '-m', 'placeholder']);
      // A modification: the one case where a diff could compare two versions through the driver.
      stageKey(repo);
      repo.git(['config', 'diff.planted.textconv', program]);
      expect(jsonScan(repo, ['scan', '--staged']).status).toBe(1);
      expect(existsSync(marker)).toBe(false);
    }));

  it('gpg.program is not run by scan --history, whatever log.showSignature says', () =>
    withRepo((repo) => {
      stageKey(repo);
      repo.git(['commit', '-q', '--no-verify', '-m', 'key']);
      // A commit that carries a signature (of nothing: git hands it to gpg.program all the same).
      const tree = repo.git(['rev-parse', 'HEAD^{tree}']).trim();
      const parent = repo.git(['rev-parse', 'HEAD']).trim();
      const signature = ['-----BEGIN PGP SIGNATURE-----', '', 'AAAA', '-----END PGP SIGNATURE-----'].join('\n ');
      const object = [
        `tree ${tree}`,
        `parent ${parent}`,
        'author Keyguard Test <test@keyguard.invalid> 1700000000 +0000',
        'committer Keyguard Test <test@keyguard.invalid> 1700000000 +0000',
        `gpgsig ${signature}`,
        '',
        'signed',
        '',
      ].join('\n');
      const signed = repo.git(['hash-object', '-t', 'commit', '-w', '--stdin'], { input: object }).trim();
      repo.git(['update-ref', 'HEAD', signed]);
      const { program, marker } = plantProgram(repo, 'gpg');
      repo.git(['config', 'gpg.program', program]);
      repo.git(['config', 'log.showSignature', 'true']);
      const { status, report } = jsonScan(repo, ['scan', '--history']);
      expect(status).toBe(1);
      expect(report.findings.map((f) => f.path)).toContain('config/credentials');
      expect(existsSync(marker)).toBe(false);
    }));

  it('a replace ref cannot swap the staged key blob for a clean one', () =>
    withRepo((repo) => {
      writeScanHooks(join(repo.dir, '.git', 'hooks'));
      stageKey(repo);
      const keyBlob = repo.git(['rev-parse', ':config/credentials']).trim();
      const cleanBlob = repo.git(['hash-object', '-w', '--stdin'], { input: 'nothing to see here\n' }).trim();
      repo.git(['replace', keyBlob, cleanBlob]);
      // What plain git now shows for the staged file.
      expect(repo.git(['cat-file', 'blob', keyBlob])).toBe('nothing to see here\n');
      expect(jsonScan(repo, ['scan', '--staged']).status).toBe(1);
      const committed = commit(repo);
      expect(committed.status).toBe(1);
      expect(repo.tryGit(['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0);
    }));

  it('a partial clone does not fetch a missing object (which would run the remote programs the repository names)', async () => {
    const server = createRepo({ name: 'server' });
    const clone = createRepo({ name: 'clone' });
    try {
      server.write('README.md', '# server\n');
      server.git(['add', 'README.md']);
      server.git(['commit', '-q', '--no-verify', '-m', 'one']);
      stageKey(server);
      server.git(['commit', '-q', '--no-verify', '-m', 'two']);
      server.git(['config', 'uploadpack.allowFilter', 'true']);
      rmSync(clone.dir, { recursive: true, force: true });
      execFileSync('git', ['clone', '-q', '--no-checkout', '--filter=blob:none', `file://${server.dir}`, clone.dir], {
        env: clone.env,
      });
      // HEAD at the first commit, the index at the second: the key file is staged, its blob not here.
      clone.git(['reset', '-q', '--soft', 'HEAD~1']);
      clone.git(['read-tree', 'origin/main']);
      const { program, marker } = plantProgram(clone, 'upload-pack');
      clone.git(['config', 'remote.origin.uploadpack', program]);
      // The repository's own config allows the file protocol outright; keyguard's protocol.allow=never
      // alone would not override it.
      clone.git(['config', 'protocol.file.allow', 'always']);
      const run = scan(clone, ['scan', '--staged']);
      expect(existsSync(marker)).toBe(false);
      // The blob is not there to read: keyguard cannot check the commit, and says so in one line.
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(
        /^keyguard: this partial clone does not have object [0-9a-f]{40}, and keyguard never fetches one[^\n]*\n$/,
      );
    } finally {
      server.cleanup();
      clone.cleanup();
    }
  });
});

describe('git that never answers', () => {
  /** Stages a key, then replaces its loose object by a FIFO: git's open() of it blocks for good. */
  function stageFifoObject(repo: TestRepo): void {
    stageKey(repo);
    const oid = repo.git(['rev-parse', ':config/credentials']).trim();
    const object = join(repo.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
    rmSync(object, { force: true });
    execFileSync('mkfifo', [object]);
  }

  it('scan --staged stops git after KEYGUARD_TIMEOUT seconds of silence, in one line, and leaves no git behind', () =>
    withRepo((repo) => {
      stageFifoObject(repo);
      const run = scan(repo, ['scan', '--staged'], { KEYGUARD_TIMEOUT: '2' });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(
        /^keyguard: git did not answer for 2 s \(git cat-file --batch\), so it was stopped[^\n]*KEYGUARD_TIMEOUT[^\n]*\n$/,
      );
      expect(processesIn(rootOf(repo))).toEqual([]);
    }));

  it('a real git commit is blocked with "cannot check this commit"', () =>
    withRepo((repo) => {
      // What `keyguard install` writes runs `keyguard hook pre-commit`, which says why it cannot check.
      writeScanHooks(join(repo.dir, '.git', 'hooks'), { args: ['hook', 'pre-commit'] });
      stageFifoObject(repo);
      const committed = commit(repo, { KEYGUARD_TIMEOUT: '2' });
      expect(committed.status).not.toBe(0);
      expect(committed.stderr).toContain(
        'keyguard: cannot check this commit: git did not answer for 2 s (git cat-file --batch)',
      );
      expect(repo.tryGit(['rev-parse', '--verify', '-q', 'HEAD']).status).not.toBe(0);
      expect(processesIn(rootOf(repo))).toEqual([]);
    }));

  it('a KEYGUARD_TIMEOUT that is not a number of seconds is one line, exit 2', () =>
    withRepo((repo) => {
      stageKey(repo);
      const run = scan(repo, ['scan', '--staged'], { KEYGUARD_TIMEOUT: 'soon' });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('keyguard: KEYGUARD_TIMEOUT must be a number of seconds (0 for no limit), not "soon".\n');
    }));

  it('scan <path> skips a FIFO, given explicitly or inside a directory, without opening it for good', () =>
    withRepo((repo) => {
      repo.write('dir/credentials', credentials(fakePair(rng)));
      execFileSync('mkfifo', [join(repo.dir, 'dir', 'pipe')]);
      execFileSync('mkfifo', [join(repo.dir, 'pipe')]);
      const explicit = jsonScan(repo, ['scan', 'pipe']);
      expect(explicit.status).toBe(0);
      expect(explicit.report.skipped).toEqual([{ path: 'pipe', reason: 'not-a-file' }]);
      const inside = jsonScan(repo, ['scan', 'dir']);
      expect(inside.status).toBe(1);
      expect(inside.report.findings.map((f) => f.path)).toContain('dir/credentials');
      const both = scan(repo, ['scan', 'pipe', 'dir/pipe', 'dir']);
      expect(both.status).toBe(1);
      expect(both.stdout).toMatch(/not regular files \(pipe, dir\/pipe\)/);
    }));
});

// git refuses a repository whose owner is not the current user (safe.directory). Making one takes
// chown to another user, which only root may do: run as anyone else, the test is skipped rather than
// faked (a mock of git's ownership check would test nothing).
const isRoot = process.getuid?.() === 0;

describe('a repository owned by someone else', () => {
  it.skipIf(!isRoot)('scan --staged, scan --history and install each say so in one line, exit 2', () =>
    withRepo((repo) => {
      stageKey(repo, 'a.txt');
      repo.git(['commit', '-q', '--no-verify', '-m', 'one']);
      stageKey(repo);
      // nobody:nogroup, recursively: git looks at the owner of the work tree and of .git.
      const chown = (path: string) => {
        chownSync(path, 65534, 65534);
        for (const entry of readdirSync(path, { withFileTypes: true })) {
          if (entry.isDirectory()) chown(join(path, entry.name));
          else chownSync(join(path, entry.name), 65534, 65534);
        }
      };
      chown(repo.dir);
      // An empty global config of the test's own (nothing of the machine's), and no SUDO_UID, which git
      // would take for the real user when running as root.
      const config = mkdtempSync(join(tmpdir(), 'keyguard-test-config-'));
      try {
        const globalConfig = join(config, 'gitconfig');
        writeFileSync(globalConfig, '');
        const env = { GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1', SUDO_UID: undefined };
        const expected = `keyguard: git refuses to read ${repo.dir}: it is owned by someone else (git's safe.directory check); if you trust it, run \`git config --global --add safe.directory ${repo.dir}\`.\n`;
        for (const args of [['scan', '--staged'], ['scan', '--history'], ['install']]) {
          const run = scan(repo, args, env);
          expect({ args, status: run.status, stderr: run.stderr }).toEqual({ args, status: 2, stderr: expected });
        }
        // The way out the message gives works.
        execFileSync('git', ['config', '--global', '--add', 'safe.directory', repo.dir], {
          env: { ...repo.env, ...env },
        });
        expect(scan(repo, ['scan', '--staged'], env).status).toBe(1);
      } finally {
        rmSync(config, { recursive: true, force: true });
      }
    }),
  );
});

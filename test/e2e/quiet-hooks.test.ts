// A hook that passes prints nothing; KEYGUARD_VERBOSE=1 (or `--verbose` after the hook's name) shows the
// passing line. `keyguard scan` by hand prints it unless --quiet. Hooks installed with the built
// `keyguard install --hook all`, commits and pushes made from a subdirectory with real git.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { createRepo, writeScanHooks, type RunResult, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1710);
const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

/** A repository with keyguard in node_modules, its hooks installed, a bare remote, and a subdirectory. */
function installed(): { repo: TestRepo; sub: string; remote: TestRepo } {
  const repo = createRepo();
  const remote = createRepo({ initArgs: ['--bare'] });
  repos.push(repo, remote);
  linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
  const install = repo.keyguard(['install', '--hook', 'all']);
  expect(install.status, install.stderr).toBe(0);
  repo.git(['remote', 'add', 'origin', remote.dir]);
  const sub = join(repo.dir, 'sub', 'deep');
  mkdirSync(sub, { recursive: true });
  return { repo, sub, remote };
}

/** git, run where the user stands. */
function gitIn(repo: TestRepo, cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync('git', args, { cwd, env: { ...repo.env, ...env }, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Lines of keyguard's in what git printed (git passes a hook's output on, `remote: ` before a server's). */
const keyguardLines = (r: RunResult) =>
  (r.stdout + r.stderr).split('\n').filter((line) => /^(remote: )?[✔✖⚠] keyguard|keyguard:/.test(line));

describe('a hook that passes', () => {
  it('pre-commit, pre-merge-commit, commit-msg and pre-push print nothing; KEYGUARD_VERBOSE=1 prints the passing lines', () => {
    const { repo, sub } = installed();
    repo.write('sub/deep/notes.txt', 'notes\n');
    expect(gitIn(repo, sub, ['add', 'notes.txt']).status).toBe(0);
    const quiet = gitIn(repo, sub, ['commit', '-q', '-m', 'notes']);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');

    repo.write('sub/deep/more.txt', 'more\n');
    gitIn(repo, sub, ['add', 'more.txt']);
    const verbose = gitIn(repo, sub, ['commit', '-q', '-m', 'more'], { KEYGUARD_VERBOSE: '1' });
    expect(verbose.status, verbose.stderr).toBe(0);
    expect(verbose.stdout + verbose.stderr).toBe(
      '✔ keyguard: no AWS credentials in 1 staged file.\n✔ keyguard: no AWS credentials in the commit message.\n',
    );

    // A merge that makes its own commit runs pre-merge-commit (and commit-msg).
    gitIn(repo, sub, ['checkout', '-q', '-b', 'side']);
    repo.write('sub/deep/side.txt', 'side\n');
    gitIn(repo, sub, ['add', 'side.txt']);
    expect(gitIn(repo, sub, ['commit', '-q', '-m', 'side']).stdout).toBe('');
    gitIn(repo, sub, ['checkout', '-q', 'main']);
    repo.write('sub/deep/main.txt', 'main\n');
    gitIn(repo, sub, ['add', 'main.txt']);
    expect(gitIn(repo, sub, ['commit', '-q', '-m', 'main']).stdout).toBe('');
    const merge = gitIn(repo, sub, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stdout + merge.stderr).toBe('');

    const push = gitIn(repo, sub, ['push', '-q', 'origin', 'main']);
    expect(push.status, push.stderr).toBe(0);
    expect(push.stdout + push.stderr).toBe('');
    repo.write('sub/deep/last.txt', 'last\n');
    gitIn(repo, sub, ['add', 'last.txt']);
    gitIn(repo, sub, ['commit', '-q', '-m', 'last']);
    const loud = gitIn(repo, sub, ['push', '-q', 'origin', 'main'], { KEYGUARD_VERBOSE: '1' });
    expect(loud.status, loud.stderr).toBe(0);
    expect(loud.stdout + loud.stderr).toBe(
      '✔ keyguard: no AWS credentials added by the 1 commit being pushed (1 changed file).\n',
    );
  });

  it('findings still print in full, and so does what an allow comment let through', () => {
    const { repo, sub } = installed();
    const pair = fakePair(rng);
    repo.write('sub/deep/app.ini', `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
    gitIn(repo, sub, ['add', 'app.ini']);
    const blocked = gitIn(repo, sub, ['commit', '-q', '-m', 'key']);
    expect(blocked.status).toBe(1);
    expect(keyguardLines(blocked)[0]).toBe('✖ keyguard: 1 AWS credential in 1 file. Commit blocked.');

    repo.write('sub/deep/app.ini', `aws_access_key_id = ${pair.id} # keyguard:allow test fixture\n`);
    gitIn(repo, sub, ['add', 'app.ini']);
    const allowed = gitIn(repo, sub, ['commit', '-q', '-m', 'fixture']);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout + allowed.stderr).toBe(
      'Not reported: 1 finding allowed by keyguard:allow (--no-allow shows them).\n',
    );
  });

  it('a hook line of your own (husky) takes --verbose after the name', () => {
    const { repo, sub } = installed();
    // What a husky user writes in .husky/pre-commit; husky runs it with node_modules/.bin on the PATH.
    repo.git(['config', 'core.hooksPath', '.hooks']);
    repo.write('.hooks/pre-commit', 'keyguard hook pre-commit --verbose "$@"\n', { executable: true });
    repo.write('sub/deep/a.txt', 'a\n');
    gitIn(repo, sub, ['add', 'a.txt']);
    const env = { PATH: `${join(repo.dir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
    const r = gitIn(repo, sub, ['commit', '-q', '-m', 'a'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toBe('✔ keyguard: no AWS credentials in 1 staged file.\n');
  });

  it("a server's pre-receive hook: nothing on a clean push; `hook pre-receive --verbose` prints its line", () => {
    const { repo, remote } = installed();
    repo.write('a.txt', 'a\n');
    repo.git(['add', 'a.txt']);
    repo.git(['commit', '-q', '-m', 'a']);
    writeScanHooks(join(remote.dir, 'hooks'), { names: ['pre-receive'], args: ['hook', 'pre-receive'] });
    const quiet = repo.tryGit(['push', '-q', '--no-verify', 'origin', 'main']);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');

    writeScanHooks(join(remote.dir, 'hooks'), { names: ['pre-receive'], args: ['hook', 'pre-receive', '--verbose'] });
    repo.write('b.txt', 'b\n');
    repo.git(['add', 'b.txt']);
    repo.git(['commit', '-q', '--no-verify', '-m', 'b']);
    const loud = repo.tryGit(['push', '-q', '--no-verify', 'origin', 'main']);
    expect(loud.status, loud.stderr).toBe(0);
    expect(loud.stdout + loud.stderr).toBe(
      'remote: ✔ keyguard: no AWS credentials added by the 1 commit being pushed (1 changed file).        \n',
    );
  });
});

describe('keyguard scan, run by hand', () => {
  it('prints its passing line; --quiet does not; findings print either way', () => {
    const { repo, sub } = installed();
    repo.write('sub/deep/a.txt', 'a\n');
    gitIn(repo, sub, ['add', 'a.txt']);
    const loud = repo.keyguard(['scan', '--staged'], { cwd: sub });
    expect(loud).toEqual({ status: 0, stdout: '✔ keyguard: no AWS credentials in 1 staged file.\n', stderr: '' });
    expect(repo.keyguard(['scan', '--staged', '--quiet'], { cwd: sub })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(repo.keyguard(['scan', '-q', 'a.txt'], { cwd: sub })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(repo.keyguard(['scan', '--quiet', '--output', 'r.json', 'a.txt'], { cwd: sub })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    const json = repo.keyguard(['scan', '--quiet', '--format', 'json', 'a.txt'], { cwd: sub });
    expect(JSON.parse(json.stdout)).toMatchObject({ source: 'files', scannedFiles: 1, credentials: 0, findings: [] });

    const pair = fakePair(rng);
    repo.write('sub/deep/b.ini', `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
    const found = repo.keyguard(['scan', '--quiet', 'b.ini'], { cwd: sub });
    expect(found.status).toBe(1);
    expect(found.stdout.split('\n')[0]).toBe('✖ keyguard: 1 AWS credential in 1 file.');
    const broken = repo.keyguard(['scan', '--quiet', 'missing.txt'], { cwd: sub });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^keyguard: cannot read missing\.txt/);
  });
});

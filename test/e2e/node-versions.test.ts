// keyguard on the Node.js versions people run (20, this process's, and 22 and 24 when .ci/run has put
// their official binaries in a cache folder and named them in KEYGUARD_TEST_NODES, colon-separated): the
// built command line started by each, as the hook starts it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakePair, seededRandom } from '../support/fake-credentials.js';
import { KEYGUARD_BIN, createRepo, type TestRepo } from '../support/git-repo.js';
import { linkKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(1616);
// A node named there that does not exist fails its tests (spawn ENOENT) rather than being left out; the one
// running the suite (.ci/run runs it on each version in turn) is tested once.
const realPath = (path: string) => (existsSync(path) ? realpathSync(path) : path);
const named = (process.env.KEYGUARD_TEST_NODES ?? '').split(':').filter((path) => path !== '');
const nodes = [...new Map([process.execPath, ...named].map((path) => [realPath(path), path])).values()];

const repos: TestRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function versionOf(node: string): string {
  return spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout?.trim() || `(cannot start ${node})`;
}

describe.each(nodes.map((node) => [versionOf(node), node]))('Node.js %s', (_version, node) => {
  function run(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}) {
    return spawnSync(node, [KEYGUARD_BIN, ...args], { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });
  }

  it('scans a big staged diff without a word on stderr (no V8 flag it does not know)', () => {
    const repo = createRepo();
    repos.push(repo);
    const line = 'the quick brown fox jumps over the lazy dog\n';
    repo.write('big/words.txt', line.repeat(Math.ceil((9 * 1024 * 1024) / line.length)));
    repo.git(['add', 'big/words.txt']);
    const r = run(repo, ['scan', '--staged']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('no AWS credentials in 1 staged file');
    expect(r.status).toBe(0);
  });

  it('finds a key pair at the end of one file among 6 MB of staged files (the pipe read into buffers used again)', () => {
    const repo = createRepo();
    repos.push(repo);
    const line = 'the quick brown fox jumps over the lazy dog\n';
    // 150 files of 40 KB around one of 600 KB whose key pair comes last: its first bytes are held while
    // the rest streams in, and the buffers they were read into must not be read into again meanwhile.
    for (let i = 0; i < 150; i++) repo.write(`src/f${String(i).padStart(3, '0')}.txt`, line.repeat(930));
    const pair = fakePair(rng);
    const late = `${line.repeat(14_000)}aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
    repo.write('src/f075-late.txt', late);
    repo.git(['add', 'src']);
    const r = run(repo, ['scan', '--staged']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('src/f075-late.txt');
    expect(r.stdout).not.toContain(pair.id);
    expect(r.status).toBe(1);
  });

  it('the installed hook, started with this node, blocks a key pair and lets a clean commit through', () => {
    const repo = createRepo();
    repos.push(repo);
    linkKeyguard(repo.dir, { exclude: join(repo.dir, '.git', 'info', 'exclude') });
    expect(run(repo, ['install']).status).toBe(0);
    const env = { PATH: [dirname(node), process.env.PATH ?? ''].join(delimiter) };
    repo.write('README.md', '# app\n');
    repo.git(['add', 'README.md']);
    expect(repo.tryGit(['commit', '-q', '-m', 'clean'], { env }).status).toBe(0);
    const pair = fakePair(rng);
    repo.write('aws.ini', `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`);
    repo.git(['add', 'aws.ini']);
    const blocked = repo.tryGit(['commit', '-m', 'key'], { env });
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('aws.ini');
    expect(blocked.stdout + blocked.stderr).not.toContain(pair.id);
  });

  it('writes its code cache once and then reads it back', () => {
    const repo = createRepo();
    repos.push(repo);
    const cache = mkdtempSync(join(tmpdir(), 'keyguard-node-cache-'));
    dirs.push(cache);
    for (let i = 0; i < 2; i++) {
      const r = run(repo, ['--version'], { XDG_CACHE_HOME: cache });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const version = versionOf(node);
    expect(readdirSync(join(cache, 'keyguard')).filter((name) => name.includes(`-${version}-`))).toHaveLength(1);
  });
});

// Installed as a user installs it (issue 4, rule 9): `npm pack`, `npm i -D <tarball>` into a fresh
// repository, `npx keyguard install`, real commits. Also the plain and monorepo examples, and a
// `prepare` script outside any git repository (a Docker build).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEY_PREFIX, fakePair, seededRandom } from '../support/fake-credentials.js';
import { PROJECT_ROOT, createRepo, type TestRepo } from '../support/git-repo.js';
import { copyExample, npm, npmInstall, packKeyguard, type PackedKeyguard } from '../support/keyguard-package.js';

const rng = seededRandom(9);
let packed: PackedKeyguard;
beforeAll(() => {
  packed = packKeyguard();
});
afterAll(() => packed?.cleanup());

const repos: TestRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.cleanup();
});

function fresh(): TestRepo {
  const repo = createRepo();
  repos.push(repo);
  return repo;
}

function credentials(): { text: string; id: string } {
  const pair = fakePair(rng);
  return { text: `aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`, id: pair.id };
}

function commit(repo: TestRepo, path: string, content: string, cwd?: string) {
  repo.write(path, content);
  repo.git(['add', '--', path]);
  if (!cwd) return repo.tryGit(['commit', '-m', `add ${path}`]);
  const r = spawnSync('git', ['commit', '-m', `add ${path}`], { cwd, env: repo.env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('npm i -D <tarball> && npx keyguard install', () => {
  it('ships the hook script, LF and executable', () => {
    const t = spawnSync('tar', ['-tvzf', packed.tarball], { encoding: 'utf8' });
    expect(t.stdout).toMatch(/^-rwxr-xr-x .* package\/hooks\/pre-commit$/m);
    expect(t.stdout).toMatch(/package\/bin\/keyguard\.cjs$/m);
  });

  it('blocks a commit with a key (exit 1) and lets a clean one through', () => {
    const repo = fresh();
    repo.write('package.json', '{ "name": "app", "version": "1.0.0", "private": true }\n');
    repo.write('.gitignore', 'node_modules/\n');
    npmInstall(repo.dir, ['-D', packed.tarball]);
    expect(existsSync(join(repo.dir, 'node_modules', 'keyguard', 'hooks', 'pre-commit'))).toBe(true);

    const install = npm(['exec', '--offline', '--', 'keyguard', 'install'], repo.dir);
    expect(install.stderr).toBe('');
    expect(install.stdout).toContain('installed the pre-commit and pre-merge-commit hooks');
    expect(install.status).toBe(0);
    expect(statSync(join(repo.dir, '.git', 'hooks', 'pre-commit')).mode & 0o111).toBe(0o111);

    const clean = commit(repo, 'src/index.js', 'export const answer = 42;\n');
    expect(clean.stderr).not.toMatch(/cannot check/);
    expect(clean.status).toBe(0);

    const key = credentials();
    const blocked = commit(repo, 'config/.env', key.text);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('config/.env');
    // The report masks the key: the full id never appears.
    expect(blocked.stdout + blocked.stderr).not.toContain(key.id);
    expect(repo.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
  });

  it('runs the demo from the installed package', () => {
    const repo = fresh();
    repo.write('package.json', '{ "name": "app", "version": "1.0.0", "private": true }\n');
    npmInstall(repo.dir, ['-D', packed.tarball]);
    const demo = npm(['exec', '--offline', '--', 'keyguard', 'demo'], repo.dir);
    expect(demo.stderr).toBe('');
    expect(demo.stdout).toContain('blocked');
    expect(demo.status).toBe(0);
  });
});

describe('the code cache (bin/keyguard.cjs)', () => {
  function installed() {
    const repo = fresh();
    repo.write('package.json', '{ "name": "app", "version": "1.0.0", "private": true }\n');
    npmInstall(repo.dir, ['-D', packed.tarball]);
    const cacheDir = join(repo.dir, 'node_modules', '.cache', 'keyguard');
    const run = (env: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync(process.execPath, [join(repo.dir, 'node_modules', 'keyguard', 'bin', 'keyguard.cjs'), '--version'], {
        cwd: repo.dir,
        env: { ...repo.env, ...env },
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.status).toBe(0);
    };
    const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);
    return { repo, cacheDir, run, caches };
  }

  it('is written on the first run next to the package, then read back without being rewritten', () => {
    const { cacheDir, run, caches } = installed();
    expect(caches()).toEqual([]);
    run();
    const [name, ...others] = caches();
    expect(others).toEqual([]);
    expect(name).toMatch(new RegExp(`^bin-[0-9a-f]{16}-\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    const file = join(cacheDir, name ?? '');
    const written = statSync(file);
    expect(written.size).toBeGreaterThan(10_000);
    run();
    // Accepted by V8, so left alone.
    expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
  });

  it('survives a corrupt cache (rewritten) and drops the caches of other builds', () => {
    const { cacheDir, run, caches } = installed();
    run();
    const [name = ''] = caches();
    const garbage = Buffer.alloc(statSync(join(cacheDir, name)).size, 0x5a);
    writeFileSync(join(cacheDir, name), garbage);
    const stale = 'bin-0123456789abcdef-1-1-v0.0.0-x64.v8';
    writeFileSync(join(cacheDir, stale), 'old');
    run();
    expect(caches()).toEqual([name]);
    expect(readFileSync(join(cacheDir, name)).equals(garbage)).toBe(false);
  });

  it('a big staged diff (V8 flags changed for it) neither writes a cache nor spoils the one there', () => {
    const { repo, cacheDir, run, caches } = installed();
    // 5 MB: past memory.ts's THROUGHPUT_BYTES (4 MB), below BIG_BLOB (8 MB, which sets --expose-gc).
    const line = 'the quick brown fox jumps over the lazy dog\n';
    repo.write('big/words.txt', line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    repo.git(['add', 'big/words.txt']);
    const scan = () => {
      const r = spawnSync(process.execPath, [join(repo.dir, 'node_modules', 'keyguard', 'bin', 'keyguard.cjs'), 'scan', '--staged'], {
        cwd: repo.dir,
        env: repo.env,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('no AWS credentials in 1 staged file');
      expect(r.status).toBe(0);
    };
    scan();
    // Its flags differ from a plain start's: a cache written now would be rejected by the next start.
    expect(caches()).toEqual([]);
    run();
    const [name = ''] = caches();
    const written = statSync(join(cacheDir, name)).mtimeMs;
    scan();
    run();
    // Accepted by both starts, so never rewritten.
    expect(caches()).toEqual([name]);
    expect(statSync(join(cacheDir, name)).mtimeMs).toBe(written);
  });

  it('KEYGUARD_CODE_CACHE=0 writes none, and an unwritable cache directory costs nothing but the cache', () => {
    const { repo, run, caches } = installed();
    run({ KEYGUARD_CODE_CACHE: '0' });
    expect(caches()).toEqual([]);
    // node_modules/.cache is a file: no directory can be made under it.
    writeFileSync(join(repo.dir, 'node_modules', '.cache'), 'not a directory\n');
    run();
    expect(readFileSync(join(repo.dir, 'node_modules', '.cache'), 'utf8')).toBe('not a directory\n');
  });
});

describe('examples/plain: "prepare": "keyguard install"', () => {
  it('installs the hook on npm install, for every teammate', () => {
    const repo = fresh();
    copyExample('plain', repo.dir, packed.tarball);
    const install = npmInstall(repo.dir);
    expect(install.status).toBe(0);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-merge-commit'))).toBe(true);
    expect(commit(repo, 'README.md', '# app\n').status).toBe(0);
    expect(commit(repo, 'deploy/credentials', credentials().text).status).toBe(1);
  });

  it('does not break npm install outside a git repository (a Docker build, a tarball install)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyguard-docker-'));
    try {
      copyExample('plain', dir, packed.tarball);
      const r = npm(['install', '--offline', '--no-audit', '--no-fund'], dir, { GIT_CEILING_DIRECTORIES: dirname(dir) });
      if (r.status !== 0) throw new Error(r.stderr);
      expect(r.stdout).toContain('not inside a git repository');
      expect(existsSync(join(dir, 'node_modules', 'keyguard'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('examples/monorepo: keyguard in packages/app', () => {
  it('checks commits made anywhere in the repository', () => {
    const repo = fresh();
    copyExample('monorepo', repo.dir, packed.tarball);
    const app = join(repo.dir, 'packages', 'app');
    npmInstall(app);
    expect(readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain('keyguard_search_from=packages/app\n');
    expect(commit(repo, 'packages/app/src/index.js', readFileSync(join(app, 'src', 'index.js'), 'utf8')).status).toBe(0);
    expect(commit(repo, 'infra/terraform.tfvars', credentials().text).status).toBe(1);
    expect(commit(repo, 'packages/app/.env', credentials().text, app).status).toBe(1);
  });
});

it('keeps no credential-shaped literal in the examples (they are committed)', () => {
  const found = spawnSync('grep', ['-rlE', `(${KEY_PREFIX.long}|${KEY_PREFIX.session})[A-Z2-7]{16}`, join(PROJECT_ROOT, 'examples')], {
    encoding: 'utf8',
  });
  expect(found.stdout).toBe('');
});

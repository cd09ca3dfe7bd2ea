// Installed as a user installs it: `npm pack`, `npm i -D <tarball>` into a fresh
// repository, `npx keyguard install`, real commits. Also the plain and monorepo examples, and a
// `prepare` script outside any git repository (a Docker build).
import {
  chmodSync,
  existsSync,
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
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEY_PREFIX, fakePair, seededRandom } from '../support/fake-credentials.js';
import { PROJECT_ROOT, createRepo, type TestRepo } from '../support/git-repo.js';
import {
  copyExample,
  copyInstall,
  npm,
  npmInstall,
  packKeyguard,
  type PackedKeyguard,
} from '../support/keyguard-package.js';

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

    // A .keyguard.json with comments (read by the shipped dist/jsonc.cjs) naming the shipped schema.
    const schema = './node_modules/keyguard/schema/keyguard.schema.json';
    expect(existsSync(join(repo.dir, schema))).toBe(true);
    repo.write('.keyguard.json', `// keyguard\n{ "$schema": "${schema}", "ignorePaths": ["fixtures/"], }\n`);
    repo.git(['add', '.keyguard.json']);
    const clean = commit(repo, 'src/index.js', 'export const answer = 42;\n');
    expect(clean.stderr).not.toMatch(/cannot check/);
    expect(clean.status).toBe(0);
    // A passing hook says nothing.
    expect(clean.stdout + clean.stderr).not.toMatch(/keyguard:/);

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
  // `npm i -D <tarball>` once; each test starts from a copy of what it installed, with a cache of its own.
  let template: TestRepo;
  beforeAll(() => {
    template = createRepo();
    template.write('package.json', '{ "name": "app", "version": "1.0.0", "private": true }\n');
    npmInstall(template.dir, ['-D', packed.tarball]);
  });
  afterAll(() => template?.cleanup());

  function installed() {
    const repo = fresh();
    copyInstall(template.dir, repo.dir);
    // The user's own cache directory: XDG_CACHE_HOME, here a directory of this test's.
    const home = mkdtempSync(join(tmpdir(), 'keyguard-home-'));
    homes.push(home);
    const cacheDir = join(home, 'keyguard');
    const bin = join(repo.dir, 'node_modules', 'keyguard', 'bin', 'keyguard.cjs');
    const start = (args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [bin, ...args], {
        cwd: repo.dir,
        env: { ...repo.env, XDG_CACHE_HOME: home, ...env },
        encoding: 'utf8',
      });
    const run = (env: NodeJS.ProcessEnv = {}) => {
      const r = start(['--version'], env);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      expect(r.status).toBe(0);
    };
    const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);
    return { repo, home, cacheDir, bin, start, run, caches };
  }
  const homes: string[] = [];
  afterEach(() => {
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  it("is written on the first run into the user's private cache directory, then read back without being rewritten", () => {
    const { repo, cacheDir, run, caches } = installed();
    expect(caches()).toEqual([]);
    run();
    const [name, ...others] = caches();
    expect(others).toEqual([]);
    expect(name).toMatch(
      new RegExp(`^bin-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`),
    );
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const file = join(cacheDir, name ?? '');
    const written = statSync(file);
    expect(written.mode & 0o777).toBe(0o600);
    // It starts with the exact bytes of the bundle it was compiled from.
    const bundle = readFileSync(join(repo.dir, 'node_modules', 'keyguard', 'dist', 'bin.cjs'));
    expect(readFileSync(file).subarray(0, bundle.length).equals(bundle)).toBe(true);
    expect(written.size).toBeGreaterThan(bundle.length + 10_000);
    // Nothing next to the package, where a repository could have put (or commit) a cache of its own.
    expect(existsSync(join(repo.dir, 'node_modules', '.cache'))).toBe(false);
    run();
    // Accepted by V8, so left alone.
    expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
  });

  /** V8's cache of another script of exactly the bundle's length, which writes `marker` when it runs. */
  function evilCache(bundle: Buffer, marker: string): { source: string; data: Buffer } {
    // V8 alone would take it for the bundle's: it checks the source's length (in UTF-16 units), not its
    // text. Compiled
    // by a plain start of this Node.js, so that its V8 flags are those of keyguard's starts.
    const body = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x');`;
    const source = body.padEnd(bundle.toString('utf8').length, ' ');
    const compile = [
      "const { Script } = require('node:vm');",
      "const source = require('node:fs').readFileSync(0, 'utf8');",
      'const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\\n})`;',
      "process.stdout.write(new Script(wrapped, { filename: 'evil.cjs' }).createCachedData());",
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', compile], { input: source });
    expect(r.status).toBe(0);
    return { source, data: r.stdout };
  }

  it('never runs a cache compiled from other code: a same-length script at the computed name is rejected and rewritten', () => {
    const { repo, home, cacheDir, start, run, caches } = installed();
    run();
    const [name = ''] = caches();
    const file = join(cacheDir, name);
    const bundle = readFileSync(join(repo.dir, 'node_modules', 'keyguard', 'dist', 'bin.cjs'));
    const marker = join(home, 'PWNED');
    const evil = evilCache(bundle, marker);
    // V8's data alone, and prefixed with the other script's bytes.
    for (const planted of [evil.data, Buffer.concat([Buffer.from(evil.source), evil.data])]) {
      writeFileSync(file, planted);
      const r = start(['--version']);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      expect(existsSync(marker)).toBe(false);
      // Rewritten from the real bundle.
      expect(readFileSync(file).subarray(0, bundle.length).equals(bundle)).toBe(true);
    }
  });

  it('ignores a cache planted next to the package (a repository can commit node_modules/.cache) or in a directory others can write to', () => {
    const { repo, home, cacheDir, run, caches } = installed();
    const bundleFile = join(repo.dir, 'node_modules', 'keyguard', 'dist', 'bin.cjs');
    const bundle = readFileSync(bundleFile);
    const marker = join(home, 'PWNED');
    // At the name keyguard once computed there from the build id, size and mtime (npm gives every
    // installed file the same fixed mtime, so the name is known in advance).
    const build = /^\/\/ keyguard-build ([0-9a-f]+)\n/.exec(bundle.toString('latin1', 0, 64))?.[1];
    const info = statSync(bundleFile);
    const planted = join(repo.dir, 'node_modules', '.cache', 'keyguard');
    const plantedName = `bin-${build}-${info.size}-${Math.trunc(info.mtimeMs)}-${process.version}-${process.arch}.v8`;
    mkdirSync(planted, { recursive: true });
    writeFileSync(join(planted, plantedName), evilCache(bundle, marker).data);
    run();
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(planted)).toEqual([plantedName]);
    expect(caches()).toHaveLength(1);
    // A cache directory others can write to is neither read nor written.
    const [name = ''] = caches();
    chmodSync(cacheDir, 0o777);
    writeFileSync(join(cacheDir, name), 'garbage');
    run();
    expect(readFileSync(join(cacheDir, name), 'utf8')).toBe('garbage');
    // Nor one that is a symlink to a directory elsewhere.
    rmSync(cacheDir, { recursive: true });
    const elsewhere = mkdtempSync(join(home, 'elsewhere-'));
    symlinkSync(elsewhere, cacheDir);
    run();
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('survives a corrupt cache (rewritten) and keeps the caches of other builds, which other projects may use', () => {
    const { cacheDir, run, caches } = installed();
    run();
    const [name = ''] = caches();
    const garbage = Buffer.alloc(statSync(join(cacheDir, name)).size, 0x5a);
    writeFileSync(join(cacheDir, name), garbage);
    const other = 'bin-0123456789abcdef-v0.0.0-x64.v8';
    writeFileSync(join(cacheDir, other), 'another build', { mode: 0o600 });
    run();
    expect(caches()).toEqual([name, other].sort());
    expect(readFileSync(join(cacheDir, name)).equals(garbage)).toBe(false);
  });

  it('a big staged diff (V8 flags changed for it) neither writes a bad cache nor spoils the one there', () => {
    const { repo, cacheDir, start, run, caches } = installed();
    // 5 MB: past memory.ts's THROUGHPUT_BYTES (4 MB), which sets --expose-gc (and, on Node 20, a higher
    // interrupt budget); below BIG_BLOB (8 MB).
    const line = 'the quick brown fox jumps over the lazy dog\n';
    repo.write('big/words.txt', line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)));
    repo.git(['add', 'big/words.txt']);
    const scan = () => {
      const r = start(['scan', '--staged']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('no AWS credentials in 1 staged file');
      expect(r.status).toBe(0);
    };
    scan();
    // Its flags differ from a plain start's, and V8 stamps a cache with them: the cache is written just
    // before they change, with a plain start's flags.
    const [name = ''] = caches();
    expect(caches()).toEqual([name]);
    const written = statSync(join(cacheDir, name)).mtimeMs;
    run();
    scan();
    run();
    // Accepted by both starts (one rejected would be written again), so never rewritten.
    expect(caches()).toEqual([name]);
    expect(statSync(join(cacheDir, name)).mtimeMs).toBe(written);
  });

  it('KEYGUARD_CODE_CACHE=0 writes none, and an unwritable cache directory costs nothing but the cache', () => {
    const { home, run, caches } = installed();
    run({ KEYGUARD_CODE_CACHE: '0' });
    expect(caches()).toEqual([]);
    // The cache directory's place is a file: no directory can be made there.
    writeFileSync(join(home, 'keyguard'), 'not a directory\n');
    run();
    expect(readFileSync(join(home, 'keyguard'), 'utf8')).toBe('not a directory\n');
    // No home at all: no cache, and keyguard runs.
    run({ XDG_CACHE_HOME: '', HOME: '' });
  });
});

describe('npm i -g <tarball> && keyguard install --global, with a global core.hooksPath', () => {
  it('protects every repository that uses the shared hooks directory, Node project or not', () => {
    const home = mkdtempSync(join(tmpdir(), 'keyguard-global-'));
    try {
      const prefix = join(home, 'prefix');
      const hooks = join(home, 'git-hooks');
      const globalConfig = join(home, '.gitconfig');
      writeFileSync(globalConfig, `[core]\n\thooksPath = ${hooks}\n`);
      const env = { GIT_CONFIG_GLOBAL: globalConfig, HOME: home };
      // As `npm i -g keyguard` puts it: its own prefix, bin/keyguard on the user's PATH.
      const global = npm(
        ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, packed.tarball],
        home,
      );
      expect(global.status).toBe(0);
      const bin = join(prefix, 'bin', 'keyguard');
      const run = (repo: TestRepo, args: string[]) =>
        spawnSync(bin, args, { cwd: repo.dir, env: { ...repo.env, ...env }, encoding: 'utf8' });

      const first = fresh();
      const refused = run(first, ['install']);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('`keyguard install --global`');
      const install = run(first, ['install', '--global']);
      expect(install.stderr).toBe('');
      expect(install.status).toBe(0);
      expect(install.stdout).toContain(
        `they run ${join(prefix, 'lib', 'node_modules', 'keyguard', 'bin', 'keyguard.cjs')}`,
      );

      // Another repository, with no package.json at all.
      const other = fresh();
      const doctor = run(other, ['doctor']);
      expect(doctor.stdout).toContain('checked: a staged fake key was blocked');
      expect(doctor.status).toBe(0);
      other.write('README.md', '# notes\n');
      other.git(['add', 'README.md']);
      expect(other.tryGit(['commit', '-m', 'clean'], { env }).status).toBe(0);
      other.write('aws.ini', credentials().text);
      other.git(['add', 'aws.ini']);
      const blocked = other.tryGit(['commit', '-m', 'key'], { env });
      expect(blocked.status).toBe(1);
      expect(blocked.stdout + blocked.stderr).toContain('aws.ini');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
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

  it('uninstall takes keyguard install out of prepare: the next npm install does not put the hooks back', () => {
    const repo = fresh();
    copyExample('plain', repo.dir, packed.tarball);
    npmInstall(repo.dir);
    const un = npm(['exec', '--offline', '--', 'keyguard', 'uninstall'], repo.dir);
    expect(un.status).toBe(0);
    expect(un.stdout).toContain("took `keyguard install` out of package.json's prepare script");
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    npmInstall(repo.dir);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    const doctor = npm(['exec', '--offline', '--', 'keyguard', 'doctor'], repo.dir);
    expect(doctor.status).toBe(1);
    expect(doctor.stdout).toContain('NOT protected');
    expect(commit(repo, 'deploy/credentials', credentials().text).status).toBe(0);
  });

  it('does not break npm install outside a git repository (a Docker build, a tarball install)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyguard-docker-'));
    try {
      copyExample('plain', dir, packed.tarball);
      const r = npm(['install', '--offline', '--no-audit', '--no-fund'], dir, {
        GIT_CEILING_DIRECTORIES: dirname(dir),
      });
      if (r.status !== 0) throw new Error(r.stderr);
      expect(r.stdout).toContain('not inside a git repository');
      expect(existsSync(join(dir, 'node_modules', 'keyguard'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('examples/monorepo: npm workspaces, keyguard a dev dependency of packages/app', () => {
  it("npm install at the root hoists keyguard, runs the workspace's prepare, and checks commits made anywhere", () => {
    const repo = fresh();
    copyExample('monorepo', repo.dir, packed.tarball);
    const app = join(repo.dir, 'packages', 'app');
    npmInstall(repo.dir);
    // Hoisted to the root's node_modules, where the hook looks for it.
    expect(existsSync(join(repo.dir, 'node_modules', 'keyguard', 'bin', 'keyguard.cjs'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'keyguard'))).toBe(false);
    expect(readFileSync(join(repo.dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain('keyguard_search_from=.\n');
    // doctor, from the package and from the top, finds the hoisted keyguard and proves the hook.
    for (const cwd of [app, repo.dir]) {
      const doctor = spawnSync(
        process.execPath,
        [join(repo.dir, 'node_modules', 'keyguard', 'bin', 'keyguard.cjs'), 'doctor'],
        {
          cwd,
          env: repo.env,
          encoding: 'utf8',
        },
      );
      expect(doctor.stdout).toContain('checked: a staged fake key was blocked');
      expect(doctor.status).toBe(0);
    }
    expect(commit(repo, 'packages/app/src/index.js', readFileSync(join(app, 'src', 'index.js'), 'utf8')).status).toBe(
      0,
    );
    expect(commit(repo, 'infra/terraform.tfvars', credentials().text).status).toBe(1);
    expect(commit(repo, 'packages/app/.env', credentials().text, app).status).toBe(1);
  });
});

it('keeps no credential-shaped literal in the examples (they are committed)', () => {
  const found = spawnSync(
    'grep',
    ['-rlE', `(${KEY_PREFIX.long}|${KEY_PREFIX.session})[A-Z2-7]{16}`, join(PROJECT_ROOT, 'examples')],
    {
      encoding: 'utf8',
    },
  );
  expect(found.stdout).toBe('');
});

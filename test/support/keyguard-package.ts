// keyguard as a user's repository gets it: linked into node_modules (fast, for integration tests) or
// packed with `npm pack` (once per test run) and installed from the tarball with `npm i` (e2e tests).
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT, gitEnv, type RunResult } from './git-repo.js';

/**
 * Makes `<dir>/node_modules/keyguard` this checkout (a symlink, as `npm link` makes) with its
 * `.bin/keyguard`, and keeps node_modules out of `git add -A` through the repository's info/exclude.
 */
export function linkKeyguard(dir: string, options: { exclude?: string } = {}): void {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(PROJECT_ROOT, join(dir, 'node_modules', 'keyguard'), 'dir');
  symlinkSync('../keyguard/bin/keyguard.cjs', join(dir, 'node_modules', '.bin', 'keyguard'));
  if (options.exclude) appendFileSync(options.exclude, 'node_modules/\n');
}

/** Runs npm (or npx) with the test environment, offline by default: keyguard's own deps are in the npm cache. */
export function npm(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync('npm', args, {
    cwd,
    env: { ...gitEnv(), npm_config_update_notifier: 'false', ...env },
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface PackedKeyguard {
  tarball: string;
  cleanup(): void;
}

/**
 * `npm pack` of this checkout (its built dist/, bin/ and hooks/), once per test run: the first test file
 * to ask packs it into the run's shared directory (test/support/pack-dir.ts) and the others take that
 * tarball, which nobody changes (npm installs copy from it). Outside such a run, a tarball of its own.
 */
export function packKeyguard(): PackedKeyguard {
  const shared = inject('keyguardPackDir');
  if (!shared) return packInto(mkdtempSync(join(tmpdir(), 'keyguard-pack-')));
  // Test files run in parallel workers: a lock directory (mkdir is atomic) lets one of them pack while
  // the others wait for the tarball to appear. A worker that fails to pack gives the lock up.
  const ready = join(shared, 'tarball');
  const lock = join(shared, 'lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (existsSync(ready)) return { tarball: readFileSync(ready, 'utf8'), cleanup: () => {} };
    let locked = false;
    try {
      mkdirSync(lock);
      locked = true;
    } catch {
      if (Date.now() > deadline) throw new Error(`npm pack: no tarball in ${shared} after 3 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      const { tarball } = packInto(mkdtempSync(join(shared, 'pack-')));
      writeFileSync(`${ready}.tmp`, tarball);
      renameSync(`${ready}.tmp`, ready);
      return { tarball, cleanup: () => {} };
    } finally {
      if (locked && !existsSync(ready)) rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** What the checkout holds that is not the package's business: never copied to be packed. */
const NOT_COPIED = new Set([
  'node_modules',
  '.git',
  'coverage',
  '.package.json.checkout',
  '.keyguard.cjs.checkout',
  '.pre-commit.checkout',
]);

/**
 * `npm pack` into `dir` as a release makes it, without rebuilding dist/ under the other test files' feet:
 * a copy of this checkout (its built dist/, bin/, hooks/ and schema/, everything but node_modules) gets
 * the package.json its `prepack` writes (scripts/pack-manifest.mjs), then `npm pack --ignore-scripts`.
 * `npm test` builds before the suite runs.
 */
function packInto(dir: string): PackedKeyguard {
  const stage = join(dir, 'checkout');
  // In a checkout shared with someone rebuilding dist/, a copy can catch it half-written: check and retry.
  for (let attempt = 1; ; attempt++) {
    rmSync(stage, { recursive: true, force: true });
    cpSync(PROJECT_ROOT, stage, {
      recursive: true,
      filter: (source) => !NOT_COPIED.has(basename(source)) && !source.endsWith('.tgz'),
    });
    const strip = spawnSync(process.execPath, [join(stage, 'scripts', 'pack-manifest.mjs'), 'strip'], {
      encoding: 'utf8',
    });
    if (strip.status !== 0) throw new Error(`scripts/pack-manifest.mjs strip failed: ${strip.stderr}`);
    const r = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], stage);
    if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
    const name = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack wrote no tarball: ${r.stdout}`);
    const tarball = join(dir, name);
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout;
    if (
      ['package/dist/bin.cjs', 'package/dist/index.js', 'package/hooks/pre-commit'].every((f) => listing.includes(f))
    ) {
      rmSync(stage, { recursive: true, force: true });
      return { tarball, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    }
    rmSync(tarball);
    if (attempt === 5) throw new Error('npm pack: the tarball lacks dist/ (run `npm run build` first)');
    spawnSync('sleep', ['3']);
  }
}

/**
 * `npm install` as a user runs it; offline first (the tarball's dependencies are in the npm cache after
 * `npm ci`), then with the registry if the cache lacks something.
 */
export function npmInstall(cwd: string, args: readonly string[] = []): RunResult {
  const flags = ['--no-audit', '--no-fund', '--loglevel=error'];
  const offline = npm(['install', '--offline', ...flags, ...args], cwd);
  if (offline.status === 0) return offline;
  const online = npm(['install', ...flags, ...args], cwd);
  if (online.status !== 0) throw new Error(`npm install ${args.join(' ')} failed: ${offline.stderr}\n${online.stderr}`);
  return online;
}

/**
 * Copies `examples/<name>` into `dir` and points every package.json that depends on keyguard at the
 * tarball, as if keyguard came from the registry. node_modules stays out of `git add -A`.
 */
export function copyExample(name: string, dir: string, tarball: string): void {
  cpSync(join(PROJECT_ROOT, 'examples', name), dir, { recursive: true });
  const manifests = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('package.json') && !f.includes('node_modules'),
  );
  for (const file of manifests) {
    const path = join(dir, file);
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { devDependencies?: Record<string, string> };
    if (pkg.devDependencies?.keyguard) {
      pkg.devDependencies.keyguard = `file:${tarball}`;
      writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
    }
  }
  const exclude = join(dir, '.git', 'info', 'exclude');
  if (existsSync(exclude)) appendFileSync(exclude, 'node_modules/\n');
}

/**
 * Gives `to` what `from`'s work tree holds besides .git (package.json, the lock file, node_modules as
 * `npm install` left them, symlinks and modes kept: `cp -a`), so that a test file can run one install and
 * start each test from its result.
 */
export function copyInstall(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    if (name === '.git') continue;
    const r = spawnSync('cp', ['-a', join(from, name), to], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cp -a ${name} failed: ${r.stderr}`);
  }
}

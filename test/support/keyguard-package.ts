// keyguard as a user's repository gets it: linked into node_modules (fast, for integration tests) or
// packed with `npm pack` and installed from the tarball with `npm i` (e2e tests, once per file).
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
  const r = spawnSync('npm', args, { cwd, env: { ...gitEnv(), npm_config_update_notifier: 'false', ...env }, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface PackedKeyguard {
  tarball: string;
  cleanup(): void;
}

/** What the checkout holds that is not the package's business: never copied to be packed. */
const NOT_COPIED = new Set(['node_modules', '.git', 'coverage', '.package.json.checkout']);

/**
 * `npm pack` as a release makes it, without rebuilding dist/ under the other test files' feet: a copy of
 * this checkout (its built dist/, bin/ and hooks/, everything but node_modules) gets the package.json its
 * `prepack` writes (scripts/pack-manifest.mjs), then `npm pack --ignore-scripts`. `npm test` builds
 * before the suite runs.
 */
export function packKeyguard(): PackedKeyguard {
  const dir = mkdtempSync(join(tmpdir(), 'keyguard-pack-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    return { tarball: packInto(dir), cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function packInto(dir: string): string {
  const stage = join(dir, 'checkout');
  // In a checkout shared with someone rebuilding dist/, a copy can catch it half-written: check and retry.
  for (let attempt = 1; ; attempt++) {
    rmSync(stage, { recursive: true, force: true });
    cpSync(PROJECT_ROOT, stage, {
      recursive: true,
      filter: (source) => !NOT_COPIED.has(basename(source)) && !source.endsWith('.tgz'),
    });
    const strip = spawnSync(process.execPath, [join(stage, 'scripts', 'pack-manifest.mjs'), 'strip'], { encoding: 'utf8' });
    if (strip.status !== 0) throw new Error(`scripts/pack-manifest.mjs strip failed: ${strip.stderr}`);
    const r = npm(['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], stage);
    if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
    const name = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack wrote no tarball: ${r.stdout}`);
    const tarball = join(dir, name);
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout;
    if (['package/dist/bin.cjs', 'package/dist/index.js', 'package/hooks/pre-commit'].every((f) => listing.includes(f))) {
      rmSync(stage, { recursive: true, force: true });
      return tarball;
    }
    rmSync(tarball);
    if (attempt === 5) throw new Error('npm pack: the tarball lacks dist/ (run `npm run build` first)');
    spawnSync('sleep', ['3']);
  }
}

/**
 * The tarball every test file of this run shares: packed by the first file that asks, into the directory
 * test/support/pack-setup.ts (vitest's globalSetup) made for the run and removes after it. Outside such
 * a run (no directory provided), a tarball of its own that the process leaves behind on exit.
 */
export function sharedKeyguard(): PackedKeyguard {
  const shared = process.env.KEYGUARD_TEST_PACK_DIR;
  if (!shared) {
    const own = packKeyguard();
    process.once('exit', own.cleanup);
    return own;
  }
  const done = join(shared, 'tarball');
  const lock = join(shared, 'lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (existsSync(done)) return { tarball: readFileSync(done, 'utf8'), cleanup: () => {} };
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is packing: wait for it.
      if (Date.now() > deadline) throw new Error(`no tarball in ${shared} after 180 s`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      const tarball = packInto(mkdtempSync(join(shared, 'pack-')));
      writeFileSync(`${done}.tmp`, tarball);
      renameSync(`${done}.tmp`, done);
      return { tarball, cleanup: () => {} };
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
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

#!/usr/bin/env node
// The `keyguard` command: runs dist/bin.cjs, the bundled command line, the way Node's CommonJS loader
// would, but compiled with V8's code cache. The hook starts keyguard on every commit, and compiling the
// bundle is a good part of its start-up; with the cache, V8 reads back the code it compiled last time.
//
// A code cache is code: whoever can write it decides what runs. So it is kept only where nobody but the
// user can write, never next to the package (a repository can commit node_modules/.cache) nor in a shared
// temporary directory: in the user's own cache directory ($XDG_CACHE_HOME/keyguard, else
// ~/.cache/keyguard; %LOCALAPPDATA%\keyguard\Cache on Windows), used only while it is a real directory
// owned by the user that no one else can write to (0700 when keyguard creates it).
//
// V8 checks a cache against the length of the source only, so each cache file starts with the exact
// bytes of the bundle it was compiled from, and is used only when they equal the bundle being run: a
// bundle patched in place, or another build of the same length, never meets the old code. V8's data
// follows, twice (see `intact`). One file per build (the bundle's first line names it), Node.js version
// and architecture; written when missing or rejected, atomically. Anything that goes wrong with it only
// costs the cache. KEYGUARD_CODE_CACHE=0 turns it off.
//
// Node's own compile cache (module.enableCompileCache, Node 22+) is not used instead: it ties a cache to
// its source by length and CRC32 only, and it is not faster here (docs/performance.md).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Script } = require('node:vm');

const root = path.dirname(__dirname);
const file = path.join(root, 'dist', 'bin.cjs');
let bytes;
try {
  bytes = fs.readFileSync(file);
} catch (error) {
  cannotStart(error);
}
const source = bytes.toString('utf8');
const cacheFile = process.env.KEYGUARD_CODE_CACHE === '0' ? undefined : cachePath();
let cachedData;
if (cacheFile !== undefined) {
  try {
    const stored = readPrivate(cacheFile);
    if (stored !== undefined && stored.length > bytes.length && stored.subarray(0, bytes.length).equals(bytes)) {
      cachedData = intact(stored.subarray(bytes.length));
    }
  } catch {
    // none yet, or not one to trust
  }
}

let script;
try {
  // The bundle is a CommonJS module already inside its wrapper function (scripts/build.mjs).
  script = new Script(source, { filename: file, cachedData });
} catch (error) {
  cannotStart(error);
}
if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // At exit, so that the cache holds every function this run compiled, not only the top level; but
  // never after a run changed V8's flags (src/git/memory.ts, for a big diff): V8 stamps a cache with
  // its flags and would reject that one next time. Such a run writes it just before it changes them
  // (the bundle calls this function then), so that a big diff does not leave the next start without one.
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    writeCache(cacheFile);
  };
  process[Symbol.for('keyguard.before-v8-flags-change')] = write;
  process.once('exit', () => {
    if (!process[Symbol.for('keyguard.v8-flags-changed')]) write();
  });
}
const module_ = { exports: {}, filename: file, id: file, loaded: false };
try {
  script.runInThisContext()(module_.exports, require, module_, file, path.dirname(file));
} catch (error) {
  cannotStart(error);
}

/**
 * The bundle cannot be read or does not compile (a package half written by an interrupted npm install, a
 * file deleted): one line that says so, and how to get past the hook meanwhile; never Node's stack trace
 * unless KEYGUARD_DEBUG=1. Exit 2, which blocks the commit like any failure to check it.
 */
function cannotStart(error) {
  const reason = error?.code ? `${error.code}` : `${error?.name || 'Error'}: ${error?.message || error}`;
  const broken = `keyguard itself cannot start (${path.relative(root, file)}: ${reason.split('\n')[0]}); reinstall it (npm install)`;
  const [command, hook] = process.argv.slice(2);
  const what = hook === 'pre-push' ? 'push' : 'commit';
  process.stderr.write(
    command === 'hook'
      ? `keyguard: cannot check this ${what}: ${broken}, or bypass once with \`git ${what} --no-verify\` (or KEYGUARD=0).\n`
      : `keyguard: ${broken}; set KEYGUARD_DEBUG=1 for details.\n`,
  );
  if (process.env.KEYGUARD_DEBUG === '1') process.stderr.write(`${error?.stack || error}\n`);
  process.exit(2);
}

/**
 * V8's data, when its two copies agree. V8 trusts a code cache that passes its header checks: damaged
 * bytes after the header (a disk error, a stray write) abort the process with a native stack trace,
 * which in a hook is a blocked commit nobody can read. V8 can checksum its caches
 * (--verify-snapshot-checksum), but setting the flag loads node:v8 on every start, which costs more
 * than reading a second copy and comparing the two: a damaged copy is only a rejected cache (written
 * again at exit).
 */
function intact(stored) {
  const half = stored.length / 2;
  if (!Number.isInteger(half) || half === 0) return undefined;
  const first = stored.subarray(0, half);
  return first.equals(stored.subarray(half)) ? first : undefined;
}

/** The user's own cache directory for keyguard, or undefined when there is no home to put it in. */
function cacheDir() {
  const env = process.env;
  if (process.platform === 'win32')
    return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'keyguard', 'Cache') : undefined;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'keyguard');
  if (env.HOME && path.isAbsolute(env.HOME)) return path.join(env.HOME, '.cache', 'keyguard');
  return undefined;
}

/** Where the cache for this build goes, or undefined (a bundle without a build id, no cache directory). */
function cachePath() {
  const build = /^\/\/ keyguard-build ([0-9a-f]+)\n/.exec(source.slice(0, 64));
  const dir = cacheDir();
  if (!build || dir === undefined) return undefined;
  return path.join(dir, `bin-${build[1]}-${process.version}-${process.arch}.v8`);
}

/** Whether `info` is owned by this user and writable by no one else (always true where there are no uids). */
function privateTo(info) {
  if (typeof process.getuid !== 'function') return true;
  return info.uid === process.getuid() && (info.mode & 0o022) === 0;
}

/** The file's bytes when it and its directory are the user's own, real (no symlinks) and private. */
function readPrivate(target) {
  const dir = fs.lstatSync(path.dirname(target));
  if (!dir.isDirectory() || !privateTo(dir)) return undefined;
  const info = fs.lstatSync(target);
  if (!info.isFile() || !privateTo(info)) return undefined;
  return fs.readFileSync(target);
}

function writeCache(target) {
  try {
    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = fs.lstatSync(dir);
    if (!info.isDirectory() || !privateTo(info)) return;
    const temporary = `${target}.${process.pid}.tmp`;
    const fd = fs.openSync(temporary, 'wx', 0o600);
    try {
      const data = script.createCachedData();
      fs.writeSync(fd, bytes);
      fs.writeSync(fd, data);
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
    prune(dir, path.basename(target));
  } catch {
    // A read-only or full disk: run without the cache.
  }
}

/**
 * The directory is shared by every keyguard of this user (each project may have another version): keep
 * the 16 newest caches and none written over a month ago (one still in use is simply written again).
 */
function prune(dir, kept) {
  const month = 30 * 24 * 3600 * 1000;
  const caches = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('bin-') && name !== kept)
    .map((name) => ({ name, time: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  caches.forEach(({ name, time }, i) => {
    if (i >= 15 || Date.now() - time > month) fs.rmSync(path.join(dir, name), { force: true });
  });
}

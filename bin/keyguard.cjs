#!/usr/bin/env node
// The `keyguard` command: runs dist/bin.cjs, the bundled command line, the way Node's CommonJS loader
// would, but compiled with V8's code cache. The hook starts keyguard on every commit, and compiling the
// bundle is a good part of its start-up; with the cache, V8 reads back the code it compiled last time.
//
// The cache is one file per build of the bundle and per Node.js version and architecture, in
// node_modules/.cache/keyguard next to the package (the usual place for tools' caches; never a shared
// temporary directory: the cache is code, and it stays as trusted as the package it sits beside). It is
// written when missing or when V8 rejects it (another Node.js, other V8 flags), atomically. Anything
// that goes wrong with it only costs the cache. KEYGUARD_CODE_CACHE=0 turns it off.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Script } = require('node:vm');

const root = path.dirname(__dirname);
const file = path.join(root, 'dist', 'bin.cjs');
const source = fs.readFileSync(file, 'utf8');
const cacheFile = process.env.KEYGUARD_CODE_CACHE === '0' ? undefined : cachePath();
let cachedData;
if (cacheFile !== undefined) {
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
}

const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
  // At exit, so that the cache holds every function this run compiled, not only the top level; not
  // after a run that changed V8's flags (src/git/memory.ts): V8 would reject that cache next time.
  process.once('exit', () => {
    if (!process[Symbol.for('keyguard.v8-flags-changed')]) writeCache(cacheFile);
  });
}
const module_ = { exports: {}, filename: file, id: file, loaded: false };
script.runInThisContext()(module_.exports, require, module_, file, path.dirname(file));

/** Where the cache for this build goes, or undefined (a bundle without a build id, no node_modules). */
function cachePath() {
  const build = /^\/\/ keyguard-build ([0-9a-f]+)\n/.exec(source.slice(0, 64));
  if (!build) return undefined;
  const parent = path.dirname(root);
  const nodeModules = path.basename(parent) === 'node_modules' ? parent : path.join(root, 'node_modules');
  // Size and time too: a bundle patched in place (patch-package) must not meet the old code.
  const stat = fs.statSync(file);
  const name = `bin-${build[1]}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8`;
  return path.join(nodeModules, '.cache', 'keyguard', name);
}

function writeCache(target) {
  try {
    const dir = path.dirname(target);
    if (!fs.existsSync(path.dirname(path.dirname(dir)))) return; // no node_modules: nowhere to put it
    fs.mkdirSync(dir, { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData());
    fs.renameSync(temporary, target);
    // Caches of other builds of the bundle will not be read again.
    const build = path.basename(target).split('-')[1];
    for (const other of fs.readdirSync(dir)) {
      if (other.startsWith('bin-') && other.split('-')[1] !== build) fs.rmSync(path.join(dir, other), { force: true });
    }
  } catch {
    // A read-only or full disk: run without the cache.
  }
}

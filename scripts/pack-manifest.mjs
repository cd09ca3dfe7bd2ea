// What `npm pack` puts in the tarball in place of two checkout files, written by `prepack` and put back by
// `postpack` (this script, which the tarball does not contain):
// - package.json without its scripts and devDependencies. Both only make sense in a checkout: `prepare`
//   builds dist/ after `npm install` in a clone (so that `npx keyguard demo` works there), but in an
//   installed package it would be a build step no user needs, and npm warns about it when installing
//   from a tarball or from git.
// - bin/keyguard.cjs without its comments: dist/keyguard.cjs, which the build makes from it.
//
//   node scripts/pack-manifest.mjs strip     (prepack)  keep both aside, write the tarball's
//   node scripts/pack-manifest.mjs restore   (postpack) put the kept files back
//
// `strip` restores copies an interrupted pack left behind before it starts.
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'package.json');
const KEPT = join(ROOT, '.package.json.checkout');
const LAUNCHER = join(ROOT, 'bin', 'keyguard.cjs');
const LAUNCHER_KEPT = join(ROOT, '.keyguard.cjs.checkout');
const LAUNCHER_PACKED = join(ROOT, 'dist', 'keyguard.cjs');

/** The tarball's manifest text for a checkout's package.json text. */
export function packedManifest(text) {
  const pkg = JSON.parse(text);
  delete pkg.scripts;
  delete pkg.devDependencies;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function restore() {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
  if (existsSync(LAUNCHER_KEPT)) renameSync(LAUNCHER_KEPT, LAUNCHER);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'strip') {
    restore();
    const text = readFileSync(MANIFEST, 'utf8');
    writeFileSync(KEPT, text);
    writeFileSync(`${MANIFEST}.tmp`, packedManifest(text));
    renameSync(`${MANIFEST}.tmp`, MANIFEST);
    if (!existsSync(LAUNCHER_PACKED)) {
      restore();
      console.error('scripts/pack-manifest.mjs: dist/keyguard.cjs is missing; run `npm run build` first');
      process.exit(2);
    }
    copyFileSync(LAUNCHER, LAUNCHER_KEPT);
    copyFileSync(LAUNCHER_PACKED, `${LAUNCHER}.tmp`);
    chmodSync(`${LAUNCHER}.tmp`, 0o755);
    renameSync(`${LAUNCHER}.tmp`, LAUNCHER);
  } else if (command === 'restore') {
    restore();
  } else {
    console.error('usage: node scripts/pack-manifest.mjs strip|restore');
    process.exit(2);
  }
}

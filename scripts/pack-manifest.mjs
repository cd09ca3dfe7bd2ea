// What `npm pack` puts in the tarball in place of two checkout files, written by `prepack` and put back by
// `postpack` (this script, which the tarball does not contain):
// - package.json without its scripts and devDependencies. Both only make sense in a checkout: `prepare`
//   builds dist/ after `npm install` in a clone (so that `npx keyguard demo` works there), but in an
//   installed package it would be a build step no user needs, and npm warns about it when installing
//   from a tarball or from git.
// - bin/keyguard.cjs minified and hooks/pre-commit without its comment lines: dist/keyguard.cjs and
//   dist/pre-commit, which the build makes from them.
//
//   node scripts/pack-manifest.mjs strip     (prepack)  keep the three aside, write the tarball's
//   node scripts/pack-manifest.mjs restore   (postpack) put the kept files back
//
// `strip` restores copies an interrupted pack left behind before it starts.
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'package.json');
const KEPT = join(ROOT, '.package.json.checkout');
// Checkout files the tarball ships as the build made them: [the file, where the checkout's copy is kept
// while packing, the build's copy].
const SWAPPED = [
  [join(ROOT, 'bin', 'keyguard.cjs'), join(ROOT, '.keyguard.cjs.checkout'), join(ROOT, 'dist', 'keyguard.cjs')],
  [join(ROOT, 'hooks', 'pre-commit'), join(ROOT, '.pre-commit.checkout'), join(ROOT, 'dist', 'pre-commit')],
];

/** The tarball's manifest text for a checkout's package.json text. */
export function packedManifest(text) {
  const pkg = JSON.parse(text);
  delete pkg.scripts;
  delete pkg.devDependencies;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function restore() {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
  for (const [file, kept] of SWAPPED) if (existsSync(kept)) renameSync(kept, file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'strip') {
    restore();
    const built = SWAPPED.find(([, , build]) => !existsSync(build));
    if (built) {
      console.error(`scripts/pack-manifest.mjs: dist/${basename(built[2])} is missing; run \`npm run build\` first`);
      process.exit(2);
    }
    const text = readFileSync(MANIFEST, 'utf8');
    writeFileSync(KEPT, text);
    writeFileSync(`${MANIFEST}.tmp`, packedManifest(text));
    renameSync(`${MANIFEST}.tmp`, MANIFEST);
    for (const [file, kept, build] of SWAPPED) {
      copyFileSync(file, kept);
      copyFileSync(build, `${file}.tmp`);
      chmodSync(`${file}.tmp`, 0o755);
      renameSync(`${file}.tmp`, file);
    }
  } else if (command === 'restore') {
    restore();
  } else {
    console.error('usage: node scripts/pack-manifest.mjs strip|restore');
    process.exit(2);
  }
}

// The package.json that goes into the tarball: this checkout's, without the scripts that only make sense
// in a checkout. `prepare` builds dist/ after `npm install` in a clone (so that `npx keyguard demo`
// works there), but in an installed package it would be a build step no user needs, and npm warns about
// it when installing from a tarball or from git. `prepack`/`postpack` run this script, which the tarball
// does not contain.
//
//   node scripts/pack-manifest.mjs strip     (prepack)  keep package.json aside, write the tarball's
//   node scripts/pack-manifest.mjs restore   (postpack) put the kept package.json back
//
// `strip` restores a copy an interrupted pack left behind before it starts.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = join(ROOT, 'package.json');
const KEPT = join(ROOT, '.package.json.checkout');
export const CHECKOUT_ONLY_SCRIPTS = ['prepare', 'prepack', 'postpack'];

/** The tarball's manifest text for a checkout's package.json text. */
export function packedManifest(text) {
  const pkg = JSON.parse(text);
  for (const name of CHECKOUT_ONLY_SCRIPTS) delete pkg.scripts?.[name];
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function restore() {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'strip') {
    restore();
    const text = readFileSync(MANIFEST, 'utf8');
    writeFileSync(KEPT, text);
    writeFileSync(`${MANIFEST}.tmp`, packedManifest(text));
    renameSync(`${MANIFEST}.tmp`, MANIFEST);
  } else if (command === 'restore') {
    restore();
  } else {
    console.error('usage: node scripts/pack-manifest.mjs strip|restore');
    process.exit(2);
  }
}

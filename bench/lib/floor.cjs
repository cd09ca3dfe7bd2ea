#!/usr/bin/env node
// The floor for the small and wide rows: the least any Node.js program pays for a clean commit checked
// the way keyguard must check it. It starts the same two git processes with the same arguments as
// `keyguard scan --staged` (the staged listing, and one `git cat-file --batch`), both at once, as its
// very first work; asks cat-file for the configuration files in the index and for each staged blob and
// the blob it replaces; reads every byte and looks at none of them. No bundle, no code cache, no
// detection, no report: CommonJS (Node's fastest start), node:child_process only.
//
//   node bench/lib/floor.cjs    (in the repository; prints nothing, exits 0)
'use strict';
const { spawn } = require('node:child_process');

const SAFETY = [
  '--no-pager',
  '--no-optional-locks',
  '--no-replace-objects',
  '-c',
  'core.quotepath=off',
  '-c',
  'core.fsmonitor=',
  '-c',
  'protocol.allow=never',
];
const env = { ...process.env, GIT_NO_LAZY_FETCH: '1', GIT_ALLOW_PROTOCOL: '' };
const git = (args) => spawn('git', [...SAFETY, ...args], { env, stdio: ['pipe', 'pipe', 'inherit'] });

const listing = git([
  '-c',
  'diff.relative=false',
  'diff',
  '--cached',
  '--raw',
  '-z',
  '--no-abbrev',
  '-M',
  '--no-ext-diff',
  '--no-textconv',
  '--ignore-submodules',
  '--no-color',
]);
const catFile = git(['cat-file', '--batch']);
listing.stdin.end();
catFile.stdin.write(':.keyguard.json\n:package.json\n:.keyguard-baseline.json\n');
const chunks = [];
listing.stdout.on('data', (chunk) => chunks.push(chunk));
listing.on('close', (code) => {
  if (code !== 0) process.exit(2);
  // -z: ":<src mode> <dst mode> <src oid> <dst oid> <status>\0<path>\0" (two paths for renames and copies)
  const fields = Buffer.concat(chunks).toString('utf8').split('\0');
  const ids = [];
  const absent = /^0+$/;
  // What keyguard reads: the new side of each added, modified, renamed, copied or type-changed regular
  // file or symlink, and the old side it is compared with (same kind, content changed); nothing for a
  // deletion, a submodule, an unmerged entry, or a change that left the content as it was.
  const isFile = (mode) => mode.startsWith('100');
  const hasText = (mode) => isFile(mode) || mode === '120000';
  for (let i = 0; i < fields.length - 1; i++) {
    if (!fields[i].startsWith(':')) continue;
    const [srcMode, dstMode, srcOid, dstOid, status] = fields[i].slice(1).split(' ');
    const kind = status[0];
    i += kind === 'R' || kind === 'C' ? 2 : 1;
    if (kind === 'D' || kind === 'U' || kind === 'X' || !hasText(dstMode) || absent.test(dstOid)) continue;
    if (kind === 'C') {
      ids.push(dstOid);
      continue;
    }
    const sameKind = isFile(srcMode) === isFile(dstMode) && hasText(srcMode) && !absent.test(srcOid);
    if (sameKind && srcOid === dstOid) continue;
    ids.push(dstOid);
    if (sameKind) ids.push(srcOid);
  }
  catFile.stdin.end(ids.length > 0 ? `${ids.join('\n')}\n` : '');
});
let bytes = 0;
catFile.stdout.on('data', (chunk) => (bytes += chunk.length));
catFile.on('close', (code) => process.exit(code === 0 && bytes >= 0 ? 0 : 2));

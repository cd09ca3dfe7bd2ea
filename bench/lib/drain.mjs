#!/usr/bin/env node
// A floor for the big-diff and huge rows: what any Node.js program built the way keyguard is (the git
// binary lists the staged changes, one `git cat-file --batch` streams the blobs through a pipe) pays
// before it looks at a single byte. It lists the staged blobs as keyguard does, asks cat-file for the
// same objects (each staged blob and the blob it replaces), reads everything and does nothing with it.
//
//   node bench/lib/drain.mjs    (in the repository; prints nothing, exits 0)
import { spawn } from 'node:child_process';

const git = (args) => spawn('git', args, { stdio: ['pipe', 'pipe', 'inherit'] });

const listing = git(['diff', '--cached', '--raw', '--no-abbrev', '-M', '-C', '--no-ext-diff', '--no-textconv', '--ignore-submodules']);
const catFile = git(['cat-file', '--batch']);
listing.stdin.end();
let raw = '';
listing.stdout.setEncoding('utf8');
listing.stdout.on('data', (text) => (raw += text));
listing.on('close', (code) => {
  if (code !== 0) process.exit(2);
  const ids = [];
  const absent = /^0+$/;
  for (const line of raw.split('\n')) {
    // :<src mode> <dst mode> <src oid> <dst oid> <status>\t<path>
    const [srcMode, dstMode, srcOid, dstOid, status] = line.slice(1).split('\t')[0]?.split(' ') ?? [];
    if (!status || status === 'D' || !dstMode.startsWith('100') || absent.test(dstOid)) continue;
    ids.push(dstOid);
    if (srcMode.startsWith('100') && !absent.test(srcOid)) ids.push(srcOid);
  }
  catFile.stdin.end(ids.length > 0 ? `${ids.join('\n')}\n` : '');
});
let bytes = 0;
catFile.stdout.on('data', (chunk) => (bytes += chunk.length));
catFile.on('close', (code) => process.exit(code === 0 && bytes >= 0 ? 0 : 2));

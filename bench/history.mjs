#!/usr/bin/env node
// `node bench/history.mjs`: what `keyguard scan --history` costs over long histories, in the figures
// an organisation needs to plan CI (commits/s, MB/s, seconds per 10,000 commits and per GB).
//
//   node bench/history.mjs [--profiles commits,gb] [--runs N] [--rebuild] [--bin PATH]
//
// Profiles (bench/lib/history-repo.mjs): `commits`, 10,000 commits of small edits (about 240 MB of
// blobs); `gb`, 3,000 commits editing files of 150-350 KB (about 1.1 GB). Built once under
// $KEYGUARD_BENCH_DIR with git fast-import. `npm run bench` measures the `commits` profile too.
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { ensureHistoryRepo } from './lib/history-repo.mjs';
import { historyTable, measureHistory } from './lib/history-throughput.mjs';
import { isolatedEnv } from './lib/repos.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const BIN = option('--bin') ? resolve(option('--bin')) : join(ROOT, 'bin', 'keyguard.cjs');
if (!existsSync(join(dirname(BIN), '..', 'dist', 'bin.cjs'))) {
  console.error('bench: dist/ is missing; run `npm run build` first.');
  process.exit(2);
}
const profiles = (option('--profiles') ?? 'commits,gb').split(',');
const runs = option('--runs') ? Number(option('--runs')) : 3;

console.error(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${process.version}, ${execFileSync('git', ['--version']).toString().trim()}`,
);
const rows = [];
for (const name of profiles) {
  const manifest = await ensureHistoryRepo(name, { rebuild: args.includes('--rebuild') });
  console.error(`measuring history-${name} (${runs} interleaved runs) ...`);
  rows.push(measureHistory(manifest, { bin: BIN, env: isolatedEnv(), runs }));
}
console.log(
  [
    '## keyguard scan --history: throughput',
    '',
    'Median wall time of interleaved runs (warm cache), whole history (`scan --history` without a range).',
    '',
    historyTable(rows),
  ].join('\n'),
);
process.exitCode = rows.every((r) => r.found) ? 0 : 1;

#!/usr/bin/env node
// `npm run bench`: what `keyguard scan --staged` (what the hook runs) costs, next to two floors measured
// in the same run: `node -e 0` (what any Node.js tool pays to start) and `git diff --cached -U0` (what git
// pays to produce the staged diff). The time targets each figure is checked against are printed next to it,
// and the package's packed and unpacked size and its number of runtime dependencies.
//
//   node bench/run.mjs [--repos small,wide,big-diff,huge] [--runs N] [--rebuild] [--json FILE] [--bin PATH] [--node PATH]... [--no-history] [--no-detect]
//
// Then `keyguard scan --history` over 10,000 commits (bench/lib/history-repo.mjs; 3 scans, 25-35 s):
// commits/s and MB/s; bench/history.mjs measures the 1 GB history too. --no-history skips it. Then the
// same history pushed into a bare repository with and without keyguard's pre-receive hook (~20 s).
//
// First bench/detect.mjs (the detector alone: adversarial inputs per MB against ordinary source code,
// worst within 3x; ~2 minutes); --no-detect skips it.
//
// Every figure is per Node.js binary: `node -e 0` and keyguard are started by the same one. --node PATH
// (repeatable) names them; by default this node, then each binary in KEYGUARD_TEST_NODES (colon-separated,
// as .ci/run exports it), the others on the small and wide repositories only (start-up is what differs
// between versions; reading big diffs is git's and the disk's).
//
// --bin measures another build of the CLI (default: this checkout's bin/keyguard.cjs), e.g. a copy of
// bin/ and dist/ taken before a change, or kept away from a concurrent `npm run build`.
//
// Repositories are built once, deterministically, under $KEYGUARD_BENCH_DIR (default /tmp/keyguard-bench,
// about 700 MB; the wide one takes a minute or two). The machine is noisy: compare ratios from the same
// run, not absolute times across runs.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { hasGnuTime, interleave, median, runOnce } from './lib/measure.mjs';
import { plantKey } from './lib/plant.mjs';
import { ensureRepo, isolatedEnv, REPO_NAMES } from './lib/repos.mjs';
import { ensureHistoryRepo } from './lib/history-repo.mjs';
import { historyTable, measureHistory } from './lib/history-throughput.mjs';
import { measureReceive, receiveTable } from './lib/receive-throughput.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const optionAll = (name) => args.flatMap((arg, i) => (arg === name && i + 1 < args.length ? [args[i + 1]] : []));
const BIN = option('--bin') ? resolve(option('--bin')) : join(ROOT, 'bin', 'keyguard.cjs');
const repos = (option('--repos') ?? REPO_NAMES.join(',')).split(',');
const rebuild = args.includes('--rebuild');
const runsOverride = option('--runs') ? Number(option('--runs')) : undefined;
const RUNS = { small: 15, wide: 15, 'big-diff': 7, huge: 5 };

if (!existsSync(join(dirname(BIN), '..', 'dist', 'bin.cjs'))) {
  console.error('bench: dist/ is missing; run `npm run bench` (it builds first) or `npm run build`.');
  process.exit(2);
}

const env = isolatedEnv();
const node = process.execPath;
const extraNodes = (process.env.KEYGUARD_TEST_NODES ?? '').split(':').filter((path) => path !== '' && existsSync(path));
const nodes = (optionAll('--node').length > 0 ? optionAll('--node').map((path) => resolve(path)) : [node, ...extraNodes]).map((path) => ({
  path,
  version: execFileSync(path, ['--version']).toString().trim(),
}));
const commandsOf = (nodePath) => [
  { name: 'node -e 0', argv: [nodePath, '-e', '0'], node: true },
  { name: 'git diff --cached -U0', argv: ['git', 'diff', '--cached', '-U0'] },
  { name: 'keyguard scan --staged', argv: [nodePath, BIN, 'scan', '--staged'], node: true },
];
// For the repositories whose cost is reading (big-diff, huge): Node streaming the same blobs from the
// same git processes and looking at none of them (bench/lib/drain.mjs), the floor of keyguard's design.
const DRAIN = 'node streaming the blobs (floor)';
const drainCommandOf = (nodePath) => ({ name: DRAIN, argv: [nodePath, join(ROOT, 'bench', 'lib', 'drain.mjs')], node: true });

const fmtMs = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)}`);
const fmtMB = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)}`);
const fmtSize = (bytes) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const results = [];
const checks = [];

console.error(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${nodes.map((n) => n.version).join(', ')}, ${execFileSync('git', ['--version']).toString().trim()}`);
console.error(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.error(`peak RSS from ${hasGnuTime() ? '/usr/bin/time -f %M' : 'process.resourceUsage() in node processes (git: n/a)'}`);

if (!args.includes('--no-detect')) {
  console.error('measuring the detector on adversarial inputs (bench/detect.mjs) ...');
  const detect = spawnSync(node, ['--expose-gc', join(ROOT, 'bench', 'detect.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  checks.push({ name: 'detector: every adversarial input within 3x ordinary source code per MB, findings exact', ok: detect.status === 0, detail: `bench/detect.mjs exit ${detect.status}` });
}

const explicitNodes = optionAll('--node').length > 0;
const plan = nodes.flatMap((n, i) =>
  repos.filter((name) => i === 0 || explicitNodes || name === 'small' || name === 'wide').map((name) => ({ name, node: n })),
);
for (const { name, node: { path: nodePath, version } } of plan) {
  const manifest = ensureRepo(name, { rebuild });
  const runs = runsOverride ?? RUNS[name] ?? 7;
  const checkName = nodes.length > 1 ? `${name} (node ${version})` : name;
  console.error(`measuring ${name} with node ${version} (${runs} interleaved runs) ...`);
  const streaming = name === 'big-diff' || name === 'huge';
  const commands = commandsOf(nodePath);
  const m = interleave(streaming ? [...commands, drainCommandOf(nodePath)] : commands, { cwd: manifest.dir, env, runs });
  const kg = m['keyguard scan --staged'];
  const nodeFloor = m['node -e 0'];
  const gitFloor = m['git diff --cached -U0'];
  if (!kg.statuses.every((s) => s === 0)) checks.push({ name: `${checkName}: clean repository passes`, ok: false, detail: `exit ${kg.statuses}` });
  const row = { name, node: version, manifest, m };
  if (name === 'small' || name === 'wide') {
    const limit = name === 'small' ? 1.5 : 1.8;
    const ratio = kg.wallMs / nodeFloor.wallMs;
    row.target = `≤ ${limit}x node -e 0`;
    row.ratio = `${ratio.toFixed(2)}x node -e 0`;
    row.ok = ratio <= limit;
  } else {
    const budget = gitFloor.wallMs + nodeFloor.wallMs;
    row.target = '≤ git diff -U0 + node -e 0';
    row.ratio = `${(kg.wallMs / budget).toFixed(2)}x (git + node = ${budget.toFixed(0)} ms)`;
    row.ok = kg.wallMs <= budget;
  }
  checks.push({ name: `${checkName}: time ${row.target}`, ok: row.ok, detail: row.ratio });
  if (streaming) {
    const floor = m[DRAIN].wallMs;
    const budget = gitFloor.wallMs + nodeFloor.wallMs;
    checks.push({
      name: `${checkName}: (no target) floor: node streaming the staged blobs from git, scanning nothing`,
      ok: undefined,
      detail: `${fmtMs(floor)} ms = ${(floor / budget).toFixed(2)}x git + node; keyguard = ${(kg.wallMs / floor).toFixed(2)}x this floor`,
    });
  }
  if (name === 'huge') {
    const ok = kg.maxRssMB === undefined ? undefined : kg.maxRssMB < 150;
    checks.push({ name: 'huge: peak RSS < 150 MB', ok, detail: `${fmtMB(kg.maxRssMB)} MB (max of ${kg.runs})` });
  }
  // Plant a key pair in a staged file: it must be found, at the right line (in the 50 MB line: < 2 s).
  const planted = plantKey(manifest, env);
  const plantedRuns = [];
  for (let i = 0; i < (name === 'huge' ? 3 : 1); i++) {
    plantedRuns.push(runOnce([nodePath, BIN, 'scan', '--staged', '--format', 'json'], { cwd: manifest.dir, env: planted.env, node: true, stdout: 'pipe' }));
  }
  planted.cleanup();
  const last = plantedRuns.at(-1);
  let found = false;
  try {
    const report = JSON.parse(last.stdout.toString());
    found = last.status === 1 && report.findings.some((f) => f.path === planted.path && (f.line === planted.line || f.secretLine === planted.line));
  } catch {
    found = false;
  }
  row.planted = { wallMs: median(plantedRuns.map((r) => r.wallMs)), rssMB: median(plantedRuns.map((r) => r.rssMB)), found, status: last.status };
  if (name === 'huge') {
    checks.push({ name: 'huge: key planted in the 50 MB single line found in < 2 s', ok: found && row.planted.wallMs < 2000, detail: `${found ? 'found' : `NOT found (exit ${last.status})`} in ${fmtMs(row.planted.wallMs)} ms` });
  } else {
    checks.push({ name: `${checkName}: planted key found at ${planted.path}:${planted.line}`, ok: found, detail: found ? 'found' : `NOT found (exit ${last.status}) ${last.stderr.slice(0, 200)}` });
  }
  results.push(row);
}

// History throughput: the CI scan of a long history (no target; docs/ci.md turns it into CI cost).
const historyRows = [];
const receiveRows = [];
if (!args.includes('--no-history')) {
  const manifest = await ensureHistoryRepo('commits', { rebuild });
  console.error(`measuring ${manifest.name} (2 interleaved runs) ...`);
  const row = measureHistory(manifest, { bin: BIN, env, runs: 2 });
  historyRows.push(row);
  checks.push({
    name: `${manifest.name}: (no target) throughput; planted key found at its commit`,
    ok: row.found,
    detail: `${row.commitsPerSecond.toFixed(0)} commits/s, ${row.mbPerSecond.toFixed(1)} MB/s; ${row.found ? 'found' : 'NOT found'}`,
  });
  // The same history pushed into a server whose pre-receive hook runs keyguard.
  console.error(`measuring a push of ${manifest.name} into a bare repository, with and without keyguard's pre-receive hook (2 interleaved runs) ...`);
  const received = measureReceive(manifest, { bin: BIN, env, runs: 2 });
  receiveRows.push(received);
  checks.push({
    name: `${manifest.name} pushed: (no target) pre-receive throughput; the push with the planted key rejected`,
    ok: received.rejected,
    detail: `keyguard ${received.extraSeconds.toFixed(2)} s of a ${received.hookedSeconds.toFixed(2)} s push; ${received.rejected ? 'rejected' : 'NOT rejected'}`,
  });
}

// What `npm i keyguard` puts on a user's disk: `npm pack --dry-run` of this checkout's build (the
// package.json it measures still has the three checkout-only scripts prepack takes out: ~150 bytes).
const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString())[0];
const manifestDeps = JSON.parse(execFileSync('node', ['-p', "JSON.stringify(require('./package.json'))"], { cwd: ROOT }).toString());
const runtimeDeps = ['dependencies', 'optionalDependencies', 'peerDependencies'].reduce((n, field) => n + Object.keys(manifestDeps[field] ?? {}).length, 0);
checks.push({ name: 'package: packed ≤ 150 kB', ok: pack.size <= 150_000, detail: `${(pack.size / 1000).toFixed(1)} kB (${pack.entryCount} files)` });
checks.push({ name: 'package: unpacked ≤ 550 kB', ok: pack.unpackedSize <= 550_000, detail: `${(pack.unpackedSize / 1000).toFixed(1)} kB` });
checks.push({ name: 'package: no runtime dependencies', ok: runtimeDeps === 0, detail: `${runtimeDeps} runtime dependencies` });

const lines = [];
lines.push('## keyguard scan --staged: cost per commit', '');
lines.push('Median wall time of interleaved runs (warm cache); peak RSS = median (max) over the runs.', '');
lines.push('| repository | Node | tracked files | staged | node -e 0 ms | git diff --cached -U0 ms | keyguard ms | keyguard peak RSS MB | ratio | target | met | planted key: ms, found |');
lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { name, node: version, manifest, m, ratio, target, ok, planted } of results) {
  const kg = m['keyguard scan --staged'];
  const staged = `${manifest.staged.files} files, +${manifest.staged.added}/-${manifest.staged.deleted} lines, ${fmtSize(manifest.stagedBytes)}`;
  lines.push(
    `| ${name} | ${version} | ${manifest.trackedFiles} | ${staged} | ${fmtMs(m['node -e 0'].wallMs)} | ${fmtMs(m['git diff --cached -U0'].wallMs)} | ${fmtMs(kg.wallMs)} | ${fmtMB(kg.rssMB)} (${fmtMB(kg.maxRssMB)}) | ${ratio} | ${target} | ${ok ? 'yes' : 'NO'} | ${fmtMs(planted.wallMs)}, ${planted.found ? 'yes' : 'NO'} |`,
  );
}
for (const { version } of nodes) {
  const byName = Object.fromEntries(results.filter((r) => r.node === version).map((r) => [r.name, r]));
  if (!byName.small || !byName.wide) continue;
  const over = (r) => r.m['keyguard scan --staged'].wallMs - r.m['node -e 0'].wallMs;
  const overGit = (r) => r.m['git diff --cached -U0'].wallMs;
  lines.push('', `Node ${version}: cost above node -e 0: small ${over(byName.small).toFixed(1)} ms, wide ${over(byName.wide).toFixed(1)} ms (git diff itself: ${overGit(byName.small).toFixed(1)} ms vs ${overGit(byName.wide).toFixed(1)} ms): the difference is git reading a 25x bigger index.`);
}
lines.push('', `Package (npm pack --dry-run): ${(pack.size / 1000).toFixed(1)} kB packed, ${(pack.unpackedSize / 1000).toFixed(1)} kB unpacked, ${pack.entryCount} files, ${runtimeDeps} runtime dependencies.`);
lines.push('', `Load average at the end: ${loadavg().map((v) => v.toFixed(2)).join(' ')} (${cpus().length} CPUs).`);
if (historyRows.length > 0) lines.push('', '## keyguard scan --history: throughput', '', historyTable(historyRows));
if (receiveRows.length > 0) lines.push('', '## keyguard hook pre-receive: what it adds to a push', '', receiveTable(receiveRows));
lines.push('', '| target | met | measured |', '| --- | --- | --- |');
for (const c of checks) lines.push(`| ${c.name} | ${c.ok === undefined ? 'n/a' : c.ok ? 'yes' : 'NO'} | ${c.detail} |`);
console.log(lines.join('\n'));

const jsonOut = option('--json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ results, history: historyRows, checks }, null, 2));
process.exitCode = checks.every((c) => c.ok !== false) ? 0 : 1;

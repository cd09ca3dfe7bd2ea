#!/usr/bin/env node
// `npm run bench`: what `keyguard scan --staged` (what the hook runs) costs, next to what is measured in
// the same run: `node -e 0` (what any Node.js tool pays to start), `git diff --cached -U0` (what git pays to
// produce the staged diff), git-secrets' pre-commit hook (when `git secrets` is installed) and the floor,
// bench/lib/floor.cjs (a Node program that does only git's part of a clean commit, the way keyguard must).
// Every target is printed per Node.js version as met, not met, or below the floor: the floor itself misses
// it, so no Node program can meet it on this machine. Only "not met" (and a wrong result) fails the run.
// Then the package's packed and unpacked size and its number of runtime dependencies.
//
//   node bench/run.mjs [--repos small,wide,big-diff,huge] [--runs N] [--rebuild] [--json FILE] [--bin PATH] [--node PATH]... [--first-node-only-big] [--no-history] [--no-detect] [--no-findings]
//
// Then `keyguard scan --history` over 10,000 commits (bench/lib/history-repo.mjs; 3 scans, 25-35 s):
// commits/s and MB/s; bench/history.mjs measures the 1 GB history too. --no-history skips it. Then the
// same history pushed into a bare repository with and without keyguard's pre-receive hook (~20 s).
//
// First bench/detect.mjs (the detector alone: adversarial inputs per MB against ordinary source code,
// worst within 3x; ~2 minutes); --no-detect skips it. Then bench/findings.mjs (a 1 MB and a 10 MB file
// of key ids staged: the hook, `scan --format json` and `sarif` against the detector alone, per Node.js
// version; ~2 minutes per version); --no-findings skips it.
//
// Every figure is per Node.js binary: `node -e 0` and keyguard are started by the same one. --node PATH
// (repeatable) names them; by default this node, then each binary in KEYGUARD_TEST_NODES (colon-separated,
// as .ci/run exports it; when unset, the ones .ci/run installed under $KEYGUARD_NODES_DIR, default
// ~/.cache/keyguard-ci/node), each on every repository (the targets hold per version). --first-node-only-big
// measures big-diff and huge with the first binary only (reading big diffs is mostly git's and the disk's).
//
// --bin measures another build of the CLI (default: this checkout's bin/keyguard.cjs), e.g. a copy of
// bin/ and dist/ taken before a change, or kept away from a concurrent `npm run build`.
//
// Repositories are built once, deterministically, under $KEYGUARD_BENCH_DIR (default /tmp/keyguard-bench,
// about 700 MB; the wide one takes a minute or two). The machine is noisy: compare ratios from the same
// run, not absolute times across runs.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { hasGnuTime, interleave, median, runOnce } from './lib/measure.mjs';
import { plantKey } from './lib/plant.mjs';
import { benchNodes, flag, option } from './lib/cli.mjs';
import { ensureRepo, isolatedEnv, REPO_NAMES } from './lib/repos.mjs';
import { ensureHistoryRepo } from './lib/history-repo.mjs';
import { historyTable, measureHistory } from './lib/history-throughput.mjs';
import { measureReceive, receiveTable } from './lib/receive-throughput.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = option('--bin') ? resolve(option('--bin')) : join(ROOT, 'bin', 'keyguard.cjs');
const repos = (option('--repos') ?? REPO_NAMES.join(',')).split(',');
const rebuild = flag('--rebuild');
const runsOverride = option('--runs') ? Number(option('--runs')) : undefined;
const RUNS = { small: 15, wide: 15, 'big-diff': 7, huge: 5 };

if (!existsSync(join(dirname(BIN), '..', 'dist', 'bin.cjs'))) {
  console.error('bench: dist/ is missing; run `npm run bench` (it builds first) or `npm run build`.');
  process.exit(2);
}

const env = isolatedEnv();
const node = process.execPath;
const nodes = benchNodes();
const KG = 'keyguard scan --staged';
// The floor, run in every repository: the least any Node.js program pays for a clean commit checked the
// way keyguard must check it (bench/lib/floor.cjs: the same two git processes with the same arguments,
// started first thing, every blob read and none looked at). A target the floor misses cannot be met by
// any Node program on this machine; keyguard's own cost is what it pays above the floor.
const FLOOR = 'node, git only (floor)';
const GIT_SECRETS = 'git secrets --pre_commit_hook';
const commandsOf = (nodePath, withGitSecrets) => [
  { name: 'node -e 0', argv: [nodePath, '-e', '0'], node: true },
  { name: 'git diff --cached -U0', argv: ['git', 'diff', '--cached', '-U0'] },
  { name: KG, argv: [nodePath, BIN, 'scan', '--staged'], node: true },
  { name: FLOOR, argv: [nodePath, join(ROOT, 'bench', 'lib', 'floor.cjs')], node: true },
  ...(withGitSecrets ? [{ name: GIT_SECRETS, argv: ['git', 'secrets', '--pre_commit_hook'], env: gitSecretsEnv }] : []),
];

// git-secrets, as its installed pre-commit hook runs it, with the AWS patterns it registers
// (`git secrets --register-aws`), written into a scratch global config so the repositories stay as built.
// Measured where a target compares with it (small, big-diff).
const GIT_SECRETS_REPOS = new Set(['small', 'big-diff']);
const gitSecretsEnv = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'keyguard-bench-git-secrets-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'gitconfig');
  writeFileSync(config, '');
  const withPatterns = { ...env, GIT_CONFIG_GLOBAL: config };
  const registered = spawnSync('git', ['secrets', '--register-aws', '--global'], {
    cwd: dir,
    env: withPatterns,
    stdio: 'ignore',
  });
  return registered.status === 0 ? withPatterns : undefined;
})();
const hasGitSecrets = gitSecretsEnv !== undefined;

// Issue 16's targets, set for Node 24 and checked on every version. `of` is the command the ratio is
// taken to: a single one, or a sum (big-diff and huge: git producing the diff plus Node starting).
const TARGETS = {
  small: [
    { limit: 1.3, of: ['node -e 0'], label: 'node -e 0' },
    { limit: 0.6, of: [GIT_SECRETS], label: 'git-secrets' },
  ],
  wide: [{ limit: 1.4, of: ['node -e 0'], label: 'node -e 0' }],
  'big-diff': [
    { limit: 1.0, of: ['git diff --cached -U0', 'node -e 0'], label: '(git diff --cached -U0 + node -e 0)' },
    { limit: 1.0, of: [GIT_SECRETS], label: 'git-secrets' },
  ],
  huge: [{ limit: 1.0, of: ['git diff --cached -U0', 'node -e 0'], label: '(git diff --cached -U0 + node -e 0)' }],
};
const RSS_LIMIT_MB = 150;
const PLANTED_LIMIT_MS = 1500;
/** met; else below the floor when the floor misses the target as well; else not met. */
const verdict = (ok, floorMisses) => (ok ? 'met' : floorMisses ? 'below the floor' : 'not met');

const fmtMs = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)}`);
const fmtMB = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)}`);
const fmtSize = (bytes) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const results = [];
const checks = [];

console.error(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, node ${nodes.map((n) => n.version).join(', ')}, ${execFileSync('git', ['--version']).toString().trim()}`,
);
console.error(
  `load average at start: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.error(
  `peak RSS from ${hasGnuTime() ? '/usr/bin/time -f %M' : 'process.resourceUsage() in node processes (git: n/a)'}`,
);

if (!flag('--no-detect')) {
  console.error('measuring the detector on adversarial inputs (bench/detect.mjs) ...');
  const detect = spawnSync(node, ['--expose-gc', join(ROOT, 'bench', 'detect.mjs')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  checks.push({
    name: 'detector: every adversarial input within 3x ordinary source code per MB, findings exact',
    ok: detect.status === 0,
    detail: `bench/detect.mjs exit ${detect.status}`,
  });
}

if (!flag('--no-findings')) {
  console.error('measuring a file made of findings end to end (bench/findings.mjs) ...');
  const findings = spawnSync(
    node,
    [join(ROOT, 'bench', 'findings.mjs'), '--bin', BIN, ...nodes.flatMap((n) => ['--node', n.path])],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  checks.push({
    name: 'a file made of findings: the hook, JSON and SARIF each within 3x the detector alone',
    ok: findings.status === 0,
    detail: `bench/findings.mjs exit ${findings.status}`,
  });
}

const firstOnlyBig = flag('--first-node-only-big');
const plan = nodes.flatMap((n, i) =>
  repos
    .filter((name) => i === 0 || !firstOnlyBig || name === 'small' || name === 'wide')
    .map((name) => ({ name, node: n })),
);
if (!hasGitSecrets)
  console.error(
    'git secrets is not installed: the targets relative to git-secrets are not measured (apt-get install git-secrets)',
  );
for (const {
  name,
  node: { path: nodePath, version },
} of plan) {
  const manifest = ensureRepo(name, { rebuild });
  const runs = runsOverride ?? RUNS[name] ?? 7;
  const checkName = nodes.length > 1 ? `${name} (node ${version})` : name;
  console.error(`measuring ${name} with node ${version} (${runs} interleaved runs) ...`);
  const commands = commandsOf(nodePath, hasGitSecrets && GIT_SECRETS_REPOS.has(name));
  const m = interleave(commands, { cwd: manifest.dir, env, runs });
  const kg = m[KG];
  const floor = m[FLOOR];
  if (!kg.statuses.every((s) => s === 0))
    checks.push({ name: `${checkName}: clean repository passes`, ok: false, detail: `exit ${kg.statuses}` });
  if (!floor.statuses.every((s) => s === 0))
    checks.push({ name: `${checkName}: the floor program ran`, ok: false, detail: `exit ${floor.statuses}` });
  if (m[GIT_SECRETS] && !m[GIT_SECRETS].statuses.every((s) => s === 0))
    checks.push({
      name: `${checkName}: git-secrets passes the clean repository`,
      ok: false,
      detail: `exit ${m[GIT_SECRETS].statuses}`,
    });
  const row = { name, node: version, manifest, m, targets: [] };
  for (const target of TARGETS[name] ?? []) {
    if (!target.of.every((c) => m[c])) continue;
    const base = target.of.reduce((sum, c) => sum + m[c].wallMs, 0);
    const ratio = kg.wallMs / base;
    const floorRatio = floor.wallMs / base;
    const status = verdict(ratio <= target.limit, floorRatio > target.limit);
    const baseText = target.of.length > 1 ? ` = ${fmtMs(base)} ms` : '';
    const t = { target: `≤ ${target.limit.toFixed(1)}x ${target.label}`, ratio, floorRatio, status };
    row.targets.push(t);
    checks.push({
      name: `${checkName}: time ${t.target}`,
      ok: status !== 'not met',
      status,
      detail: `keyguard ${fmtMs(kg.wallMs)} ms = ${ratio.toFixed(2)}x${baseText}; floor ${fmtMs(floor.wallMs)} ms = ${floorRatio.toFixed(2)}x`,
    });
  }
  checks.push({
    name: `${checkName}: (no target) keyguard above the floor`,
    ok: undefined,
    detail: `${(kg.wallMs / floor.wallMs).toFixed(2)}x the floor, ${fmtMs(kg.wallMs - floor.wallMs)} ms above it`,
  });
  if (name === 'huge') {
    const ok = kg.maxRssMB === undefined ? undefined : kg.maxRssMB <= RSS_LIMIT_MB;
    const floorMisses = floor.maxRssMB !== undefined && floor.maxRssMB > RSS_LIMIT_MB;
    checks.push({
      name: `${checkName}: peak RSS ≤ ${RSS_LIMIT_MB} MB`,
      ok: ok === undefined ? undefined : ok || floorMisses,
      status: ok === undefined ? 'n/a' : verdict(ok, floorMisses),
      detail: `${fmtMB(kg.maxRssMB)} MB (max of ${kg.runs}); floor ${fmtMB(floor.maxRssMB)} MB`,
    });
  }
  // Plant a key pair in a staged file: it must be found, at the right line (in the 50 MB line: < 1.5 s).
  const planted = plantKey(manifest, env);
  const plantedRuns = [];
  for (let i = 0; i < (name === 'huge' ? 3 : 1); i++) {
    plantedRuns.push(
      runOnce([nodePath, BIN, 'scan', '--staged', '--format', 'json'], {
        cwd: manifest.dir,
        env: planted.env,
        node: true,
        stdout: 'pipe',
      }),
    );
  }
  planted.cleanup();
  const last = plantedRuns.at(-1);
  let found = false;
  try {
    const report = JSON.parse(last.stdout.toString());
    found =
      last.status === 1 &&
      report.findings.some(
        (f) => f.path === planted.path && (f.line === planted.line || f.secretLine === planted.line),
      );
  } catch {
    found = false;
  }
  row.planted = {
    wallMs: median(plantedRuns.map((r) => r.wallMs)),
    rssMB: median(plantedRuns.map((r) => r.rssMB)),
    found,
    status: last.status,
  };
  if (name === 'huge') {
    // The floor reads every staged byte (both 50 MB files) and finds nothing: the least a Node program
    // checking the same commit pays, planted key or not.
    const fast = row.planted.wallMs < PLANTED_LIMIT_MS;
    const floorMisses = floor.wallMs >= PLANTED_LIMIT_MS;
    const status = found ? verdict(fast, floorMisses) : 'not met';
    checks.push({
      name: `${checkName}: key planted in the 50 MB single line blocked in < ${(PLANTED_LIMIT_MS / 1000).toFixed(1)} s`,
      ok: status !== 'not met',
      status,
      detail: `${found ? 'blocked' : `NOT found (exit ${last.status})`} in ${fmtMs(row.planted.wallMs)} ms (median of ${plantedRuns.length}); floor ${fmtMs(floor.wallMs)} ms`,
    });
  } else {
    checks.push({
      name: `${checkName}: planted key found at ${planted.path}:${planted.line}`,
      ok: found,
      detail: found ? 'found' : `NOT found (exit ${last.status}) ${last.stderr.slice(0, 200)}`,
    });
  }
  results.push(row);
}

// History throughput: the CI scan of a long history (no target; docs/ci.md turns it into CI cost).
const historyRows = [];
const receiveRows = [];
if (!flag('--no-history')) {
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
  console.error(
    `measuring a push of ${manifest.name} into a bare repository, with and without keyguard's pre-receive hook (2 interleaved runs) ...`,
  );
  const received = measureReceive(manifest, { bin: BIN, env, runs: 2 });
  receiveRows.push(received);
  checks.push({
    name: `${manifest.name} pushed: (no target) pre-receive throughput; the push with the planted key rejected`,
    ok: received.rejected,
    detail: `keyguard ${received.extraSeconds.toFixed(2)} s of a ${received.hookedSeconds.toFixed(2)} s push; ${received.rejected ? 'rejected' : 'NOT rejected'}`,
  });
}

// What `npm i keyguard` puts on a user's disk: `npm pack --dry-run` of this checkout, with its prepack
// and postpack (which build it again, and put the tarball's package.json and launcher in place).
const pack = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString(),
)[0];
const manifestDeps = JSON.parse(
  execFileSync('node', ['-p', "JSON.stringify(require('./package.json'))"], { cwd: ROOT }).toString(),
);
const runtimeDeps = ['dependencies', 'optionalDependencies', 'peerDependencies'].reduce(
  (n, field) => n + Object.keys(manifestDeps[field] ?? {}).length,
  0,
);
checks.push({
  name: 'package: packed ≤ 150 kB',
  ok: pack.size <= 150_000,
  detail: `${(pack.size / 1000).toFixed(1)} kB (${pack.entryCount} files)`,
});
checks.push({
  name: 'package: unpacked ≤ 550 kB',
  ok: pack.unpackedSize <= 550_000,
  detail: `${(pack.unpackedSize / 1000).toFixed(1)} kB`,
});
checks.push({
  name: 'package: no runtime dependencies',
  ok: runtimeDeps === 0,
  detail: `${runtimeDeps} runtime dependencies`,
});

const lines = [];
lines.push('## keyguard scan --staged: cost per commit', '');
lines.push('Median wall time of interleaved runs (warm cache); peak RSS = median (max) over the runs.', '');
lines.push(
  '| repository | Node | tracked files | staged | node -e 0 ms | git diff --cached -U0 ms | git-secrets ms | floor ms | keyguard ms | keyguard peak RSS MB | target: keyguard, floor | planted key: ms, found |',
);
lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { name, node: version, manifest, m, targets, planted } of results) {
  const kg = m[KG];
  const staged = `${manifest.staged.files} files, +${manifest.staged.added}/-${manifest.staged.deleted} lines, ${fmtSize(manifest.stagedBytes)}`;
  const verdicts = targets
    .map((t) => `${t.target}: ${t.ratio.toFixed(2)}x, floor ${t.floorRatio.toFixed(2)}x, ${t.status}`)
    .join('; ');
  lines.push(
    `| ${name} | ${version} | ${manifest.trackedFiles} | ${staged} | ${fmtMs(m['node -e 0'].wallMs)} | ${fmtMs(m['git diff --cached -U0'].wallMs)} | ${fmtMs(m[GIT_SECRETS]?.wallMs)} | ${fmtMs(m[FLOOR].wallMs)} | ${fmtMs(kg.wallMs)} | ${fmtMB(kg.rssMB)} (${fmtMB(kg.maxRssMB)}) | ${verdicts} | ${fmtMs(planted.wallMs)}, ${planted.found ? 'yes' : 'NO'} |`,
  );
}
for (const { version } of nodes) {
  const byName = Object.fromEntries(results.filter((r) => r.node === version).map((r) => [r.name, r]));
  if (!byName.small || !byName.wide) continue;
  const over = (r) => r.m[KG].wallMs - r.m['node -e 0'].wallMs;
  const overGit = (r) => r.m['git diff --cached -U0'].wallMs;
  const overFloor = (r) => r.m[KG].wallMs - r.m[FLOOR].wallMs;
  lines.push(
    '',
    `Node ${version}: cost above node -e 0: small ${over(byName.small).toFixed(1)} ms, wide ${over(byName.wide).toFixed(1)} ms (git diff itself: ${overGit(byName.small).toFixed(1)} ms vs ${overGit(byName.wide).toFixed(1)} ms): the difference is git reading a 25x bigger index. Above the floor (keyguard's own cost): small ${overFloor(byName.small).toFixed(1)} ms, wide ${overFloor(byName.wide).toFixed(1)} ms.`,
  );
}
lines.push(
  '',
  `Package (npm pack --dry-run): ${(pack.size / 1000).toFixed(1)} kB packed, ${(pack.unpackedSize / 1000).toFixed(1)} kB unpacked, ${pack.entryCount} files, ${runtimeDeps} runtime dependencies.`,
);
lines.push(
  '',
  `Load average at the end: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')} (${cpus().length} CPUs).`,
);
if (historyRows.length > 0) lines.push('', '## keyguard scan --history: throughput', '', historyTable(historyRows));
if (receiveRows.length > 0)
  lines.push('', '## keyguard hook pre-receive: what it adds to a push', '', receiveTable(receiveRows));
lines.push('', '| target | met | measured |', '| --- | --- | --- |');
for (const c of checks)
  lines.push(`| ${c.name} | ${c.status ?? (c.ok === undefined ? 'n/a' : c.ok ? 'yes' : 'NO')} | ${c.detail} |`);
console.log(lines.join('\n'));

const jsonOut = option('--json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ results, history: historyRows, checks }, null, 2));
process.exitCode = checks.every((c) => c.ok !== false) ? 0 : 1;

#!/usr/bin/env node
// A file made of findings, end to end: what the command line costs per finding next to the detector
// alone on the same text, started by the same Node.js in the same run. The file (a key id every 21
// bytes: bench/lib/adversarial.mjs's first `[findings]` family, built at run time) is staged in a
// temporary repository, and four things are measured as CPU time (user + system, less sensitive to the
// other processes of a shared machine than wall time) and peak RSS:
//   detect      `detect()` of the API on the file's text, in one process (the detector alone)
//   hook        `keyguard hook pre-commit` in the repository (what the pre-commit hook runs: the
//               staged scan and its pretty report)
//   json/sarif  `keyguard scan FILE --format json|sarif`, stdout to /dev/null
// Target: each command within 3x the detector alone (met / not met), at 1 MB and 10 MB (cost per
// finding at both sizes shows whether it stays linear). `npm run bench` runs it; alone, after
// `npm run build`:
//   node bench/findings.mjs [--bin PATH] [--node PATH]... [--mb 1,10] [--family ids|secrets|pairs]... [--runs N]
// --bin measures another build (a copy of bin/ and dist/); --node as in bench/run.mjs (default: this
// node, then KEYGUARD_TEST_NODES or the ones .ci/run installed). Exit code 1 when a target is not met.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILIES, generator } from './lib/adversarial.mjs';
import { benchNodes, option, optionAll } from './lib/cli.mjs';
import { isolatedEnv } from './lib/repos.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;
const BIN = option('--bin') ? resolve(option('--bin')) : join(ROOT, 'bin', 'keyguard.cjs');
const API = join(dirname(BIN), '..', 'dist', 'index.js');
const SIZES = (option('--mb') ?? '1,10').split(',').map(Number);
const RUNS = Number(option('--runs') ?? 2);
const LIMIT = 3;
const BY_NAME = { ids: 'findings: key ids', secrets: 'findings: secrets', pairs: 'findings: pairs' };
const families = (optionAll('--family').length > 0 ? optionAll('--family') : ['ids']).map((name) => {
  const family = FAMILIES.find((f) => f.target === BY_NAME[name]);
  if (!family) throw new Error(`unknown family ${name} (ids, secrets, pairs)`);
  return { name, family };
});
if (!existsSync(API)) {
  console.error('bench: dist/ is missing; run `npm run build` first.');
  process.exit(2);
}

const nodes = benchNodes();

const env = isolatedEnv();
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

const work = mkdtempSync(join(tmpdir(), 'keyguard-bench-findings-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const git = (cwd, gitArgs) => execFileSync('git', gitArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

// The detector alone: one process that reads the file, warms up on its first 64 KB, then times detect().
const DETECT = `
const { readFileSync } = require('node:fs');
import(process.argv[1]).then(({ detect }) => {
  const text = readFileSync(process.argv[2], 'utf8');
  detect(text.slice(0, 65536));
  const cpu = process.cpuUsage();
  const n = detect(text).length;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, findings: n, rssMB: process.resourceUsage().maxRSS / 1024 }));
});`;

/** CPU ms (user + system of the process and the git processes it waited for) and peak RSS of one run. */
function measure(argv, cwd) {
  const out = join(work, 'time');
  const command = hasGnuTime ? [GNU_TIME, '-f', '%U %S %M', '-o', out, ...argv] : argv;
  const r = spawnSync(command[0], command.slice(1), {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (!hasGnuTime) return { status: r.status, cpuMs: undefined, rssMB: undefined };
  const [user, sys, kb] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { status: r.status, cpuMs: (user + sys) * 1000, rssMB: kb / 1024, stderr: r.stderr.toString() };
}

const best = (fn) => {
  let out;
  for (let k = 0; k < RUNS; k++) {
    const r = fn();
    if (!out || (r.cpuMs ?? 0) < (out.cpuMs ?? 0)) out = r;
  }
  return out;
};

console.log(
  `files made of findings, end to end: CPU µs per finding (best of ${RUNS}), ratio to the detector alone (target: within ${LIMIT}x), peak RSS; load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
if (!hasGnuTime) console.log('(no /usr/bin/time: the commands are not measured)');
let failed = 0;
for (const { name, family } of families) {
  for (const size of SIZES) {
    const repo = join(work, `${name}-${size}`);
    git(work, ['init', '-q', '--initial-branch=main', repo]);
    const { text } = family.make(size * MB, generator(7));
    const file = 'generated.txt';
    writeFileSync(join(repo, file), text);
    git(repo, ['add', file]);
    for (const { path: nodePath, version } of nodes) {
      const detect = best(() => {
        const r = spawnSync(nodePath, ['-e', DETECT, API, join(repo, file)], { env, maxBuffer: 1 << 20 });
        if (r.status !== 0) throw new Error(`detect failed: ${r.stderr}`);
        return JSON.parse(r.stdout.toString());
      });
      const per = (ms) => (ms * 1000) / detect.findings;
      const rows = [
        ['hook', [nodePath, BIN, 'hook', 'pre-commit']],
        ['json', [nodePath, BIN, 'scan', file, '--format', 'json']],
        ['sarif', [nodePath, BIN, 'scan', file, '--format', 'sarif']],
      ].map(([what, argv]) => [what, best(() => measure(argv, repo))]);
      const label = `${version} ${name} ${size} MB (${detect.findings} findings)`;
      console.log(
        `${label.padEnd(44)} detect ${per(detect.cpuMs).toFixed(2).padStart(7)} µs ${detect.rssMB.toFixed(0).padStart(5)} MB`,
      );
      for (const [what, r] of rows) {
        if (r.status !== 1) {
          failed++;
          console.log(`  ${what.padEnd(6)} exit ${r.status} (expected 1): ${r.stderr?.split('\n')[0] ?? ''}`);
          continue;
        }
        if (r.cpuMs === undefined) continue;
        const ratio = r.cpuMs / detect.cpuMs;
        const ok = ratio <= LIMIT;
        if (!ok) failed++;
        console.log(
          `  ${what.padEnd(6)} ${per(r.cpuMs).toFixed(2).padStart(7)} µs per finding ${`${ratio.toFixed(2)}x`.padStart(7)} ${r.rssMB.toFixed(0).padStart(5)} MB peak RSS  ${ok ? 'met' : 'not met'}`,
        );
      }
    }
    rmSync(repo, { recursive: true, force: true });
  }
}
process.exitCode = failed === 0 ? 0 : 1;

// Timing and peak memory of one command, the way the hook runs it (cwd = the repository, output
// discarded). Wall time is measured around the process; peak RSS comes from GNU time's %M (the largest
// resident set of the process or any child it waited for: for keyguard, node itself), or, without
// /usr/bin/time, from the rusage of node processes (git's own memory is then not measured).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const PROBE = fileURLToPath(new URL('./rss-probe.cjs', import.meta.url));
let scratch;
const scratchDir = () => {
  if (!scratch) {
    scratch = mkdtempSync(join(tmpdir(), 'keyguard-bench-'));
    process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
  }
  return scratch;
};
let seq = 0;

export const hasGnuTime = (() => {
  let cached;
  return () =>
    (cached ??= existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0);
})();

/**
 * Runs `argv` once. Returns { wallMs, rssMB, status }; `rssMB` is undefined when it cannot be measured.
 * With `node: true` the command is a node script and the fallback probe can be preloaded into it.
 */
export function runOnce(argv, { cwd, env, node = false, stdout = 'ignore' }) {
  const out = join(scratchDir(), `m${seq++}`);
  let command = argv;
  let childEnv = env;
  if (hasGnuTime()) command = [GNU_TIME, '-f', '%M', '-o', out, ...argv];
  else if (node)
    childEnv = {
      ...env,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${PROBE}`.trim(),
      KEYGUARD_BENCH_RSS_FILE: out,
    };
  const started = process.hrtime.bigint();
  const r = spawnSync(command[0], command.slice(1), {
    cwd,
    env: childEnv,
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let rssMB;
  if (existsSync(out)) {
    const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb)) rssMB = kb / 1024;
    rmSync(out, { force: true });
  }
  return { wallMs, rssMB, status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr?.toString() ?? '' };
}

export const median = (values) => {
  const s = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs every command `runs` times, round-robin (so drift on a noisy machine hits all of them alike),
 * after one unmeasured warm-up round (`warmup: false` when the caller has warmed the cache already).
 * A command's own `env`, if any, replaces `env` for it.
 * Returns, per command name, { wallMs, rssMB, maxRssMB, statuses }.
 */
export function interleave(commands, { cwd, env, runs, warmup = true }) {
  const samples = Object.fromEntries(commands.map((c) => [c.name, []]));
  for (let round = warmup ? -1 : 0; round < runs; round++) {
    for (const c of commands) {
      const r = runOnce(c.argv, { cwd, env: c.env ?? env, node: c.node });
      if (round >= 0) samples[c.name].push(r);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, rs]) => [
      name,
      {
        wallMs: median(rs.map((r) => r.wallMs)),
        minMs: Math.min(...rs.map((r) => r.wallMs)),
        rssMB: median(rs.map((r) => r.rssMB)),
        maxRssMB: rs.some((r) => r.rssMB !== undefined) ? Math.max(...rs.map((r) => r.rssMB ?? 0)) : undefined,
        statuses: [...new Set(rs.map((r) => r.status))],
        runs: rs.length,
      },
    ]),
  );
}

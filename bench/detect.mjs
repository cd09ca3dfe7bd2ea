// Detector benchmark. First ordinary source code (TypeScript's compiler, 10 MB), then one 10 MB
// adversarial input per regular expression and decoder of the detector (bench/lib/adversarial.mjs:
// long runs of an alphabet, near misses every few bytes, nested encodings), each as time per MB and as
// a ratio to ordinary source code: the worst must stay within 3x (exit code 1 otherwise), and each
// must give exactly the findings it was built with. Inputs made of findings (`[findings]`) are judged
// per finding instead: CPU µs per finding, and that as the bytes of ordinary source code scanned in the
// same time; the budget is 1 KB per finding (exit code 1 otherwise). Then a 50 MB single-line minified file with one
// planted key pair. `npm run bench` runs it; alone, after `npm run build`:
//   node --expose-gc bench/detect.mjs        (KEYGUARD_BENCH_ONLY=<part of a name>[|<part of another>...], KEYGUARD_BENCH_RUNS=<n>)
// (with --expose-gc, garbage left by building the inputs is collected before each timed run).
// Credentials are built at run time: nothing credential-shaped is in this file.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detect } from '../dist/index.js';
import { BASE32_ALPHABET, FAMILIES, checkedGenerator, ordinarySource } from './lib/adversarial.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const MB = 1024 * 1024;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LONG = ['AK', 'IA'].join('');

let seed = 42;
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function random(alphabet, length) {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}
function secret() {
  for (;;) {
    const s = random(BASE64, 40);
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

/** Wall time and CPU time (user + system: less sensitive to other processes on a busy machine). */
function time(fn) {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpu: (used.user + used.system) / 1000, result };
}

/** The best of `runs` timings (the least disturbed by the other processes of a shared machine). */
function best(fn, runs) {
  let out;
  for (let k = 0; k < runs; k++) {
    const t = time(fn);
    if (!out || t.cpu < out.cpu) out = t;
  }
  return out;
}

function row(name, size, { ms, cpu, result }) {
  console.log(
    `${name.padEnd(46)} ${(size / MB).toFixed(1).padStart(5)} MB ${ms.toFixed(1).padStart(9)} ms wall ${cpu.toFixed(1).padStart(9)} ms cpu  ${String(result.length).padStart(7)} findings`,
  );
}

const key = (f) => `${f.rule}@${f.line}`;
const sameFindings = (found, expected) => {
  const a = found.map(key).sort();
  const b = [...expected].sort();
  return a.length === b.length && a.every((v, i) => v === b[i]);
};

// Ordinary source code: the rate every adversarial input is compared with.
const SIZE = 10 * MB;
const RUNS = Number(process.env.KEYGUARD_BENCH_RUNS ?? 2);
const ordinary = ordinarySource(readFileSync, ROOT, SIZE);
detect(ordinary.slice(0, 1 << 20));
const base = best(() => detect(ordinary), RUNS + 1);
const basePerMB = base.cpu / (ordinary.length / MB);
console.log(
  `ordinary source code (TypeScript's compiler, ${(ordinary.length / MB).toFixed(1)} MB): ${base.cpu.toFixed(1)} ms cpu = ${basePerMB.toFixed(1)} ms/MB (${base.result.length} findings)\n`,
);

const only = process.env.KEYGUARD_BENCH_ONLY;
console.log(
  `adversarial inputs (10 MB each; ms/MB of CPU time, best of ${RUNS}; ratio = ms/MB / ordinary ms/MB; findings checked exactly)`,
);
console.log(
  `${'family'.padEnd(62)} ${'MB'.padStart(5)} ${'ms/MB'.padStart(8)} ${'ratio'.padStart(7)} ${'findings'.padStart(9)}  right`,
);
/** A finding may cost at most what scanning this many bytes of ordinary source code costs. */
const FINDING_BUDGET_BYTES = 1024;
const perFinding = [];
let worst = { ratio: 0, name: '' };
let wrong = 0;
for (const family of FAMILIES) {
  if (only && !only.split('|').some((part) => family.name.includes(part))) continue;
  const g = checkedGenerator(detect, 7);
  const { text, expected } = family.make(SIZE, g);
  const options = family.path ? { path: family.path } : {};
  detect(text.slice(0, 4096), options); // warm up
  const timing = best(() => detect(text, options), RUNS);
  const perMB = timing.cpu / (text.length / MB);
  const ratio = perMB / basePerMB;
  const right = sameFindings(timing.result, expected);
  if (!right) wrong++;
  if (!family.findingBound && ratio > worst.ratio) worst = { ratio, name: family.name };
  let perFindingText = '';
  if (family.findingBound) {
    const us = (timing.cpu * 1000) / timing.result.length;
    // Bytes of ordinary source code scanned in the time one finding costs: µs per finding / µs per byte.
    const bytes = us / ((basePerMB * 1000) / MB);
    perFinding.push({ name: family.name, us, bytes });
    perFindingText = `  ${us.toFixed(2)} µs per finding = ${(bytes / 1024).toFixed(2)} KB of ordinary source (${bytes <= FINDING_BUDGET_BYTES ? 'met' : 'not met'})`;
  }
  console.log(
    `${`${family.name}${family.findingBound ? ' [findings]' : ''}`.slice(0, 62).padEnd(62)} ${(text.length / MB).toFixed(1).padStart(5)} ${perMB.toFixed(1).padStart(8)} ${`${ratio.toFixed(2)}x`.padStart(7)} ${String(timing.result.length).padStart(9)}  ${right ? 'yes' : 'NO'}${perFindingText}`,
  );
}
if (worst.name)
  console.log(`worst not made of findings: ${worst.name} at ${worst.ratio.toFixed(2)}x ordinary (target: within 3x)`);
if (perFinding.length > 0) {
  const worstFinding = perFinding.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(
    `worst made of findings: ${worstFinding.name} at ${(worstFinding.bytes / 1024).toFixed(2)} KB of ordinary source per finding (target: within 1 KB)`,
  );
}
if (wrong > 0) console.log(`${wrong} famil${wrong === 1 ? 'y' : 'ies'} with wrong findings`);
const findingsMet = perFinding.every(({ bytes }) => bytes <= FINDING_BUDGET_BYTES);
process.exitCode = worst.ratio <= 3 && findingsMet && wrong === 0 ? 0 : 1;
console.log('');

/** ~`size` characters of minified-looking JavaScript on one line, with a key pair planted in the middle. */
function minified(size) {
  const pieces = [];
  let length = 0;
  const ident = () =>
    random('abcdefghijklmnopqrstuvwxyz', 1) +
    random('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$', Math.floor(rand() * 3));
  const snippets = [
    () => `function ${ident()}(${ident()},${ident()}){return ${ident()}+${ident()}*${Math.floor(rand() * 100)}}`,
    () => `var ${ident()}="${random(`${ALNUM} `, 12 + Math.floor(rand() * 20))}";`,
    () => `${ident()}.${ident()}(${ident()},{key:"${random(ALNUM, 8)}",value:${Math.floor(rand() * 1e6)}});`,
    () => `if(${ident()}!==void 0&&${ident()}.length>${Math.floor(rand() * 10)}){${ident()}=[${ident()},${ident()}]}`,
    () => `${ident()}="data:image/png;base64,${random(BASE64, 200)}";`,
    () => `/* ${random(`${ALNUM} `, 30)} */`,
    () => `${ident()}=${ident()}?"${random(ALNUM, 5)}"+"${random(ALNUM, 5)}":null;`,
  ];
  const planted = Math.floor(size / 2);
  let plantedAt = -1;
  while (length < size) {
    const s = snippets[Math.floor(rand() * snippets.length)]();
    pieces.push(s);
    length += s.length;
    if (plantedAt < 0 && length >= planted) {
      const pair = `const c={accessKeyId:"${LONG}${random(BASE32_ALPHABET, 16)}",secretAccessKey:"${secret()}"};`;
      plantedAt = length;
      pieces.push(pair);
      length += pair.length;
    }
  }
  return { text: pieces.join(''), plantedAt };
}

for (const size of only ? [] : [50 * MB]) {
  const { text, plantedAt } = minified(size);
  detect(text.slice(0, 1 << 16));
  const before = process.memoryUsage().heapUsed;
  const rssBefore = process.resourceUsage().maxRSS;
  const timing = time(() => detect(text));
  const { result } = timing;
  const after = process.memoryUsage().heapUsed;
  row('minified JS line, one planted pair', text.length, timing);
  const ok = result.some((f) => f.rule === 'aws-credential-pair' && f.line === 1 && f.column > plantedAt);
  const rssGrowth = (process.resourceUsage().maxRSS - rssBefore) / 1024;
  console.log(
    `  planted pair found: ${ok ? 'yes' : 'NO'}; rules: ${[...new Set(result.map((f) => f.rule))].join(', ')}; ` +
      `heap after - before: ${((after - before) / MB).toFixed(1)} MB; peak RSS growth during detect: ${rssGrowth.toFixed(1)} MB`,
  );
}

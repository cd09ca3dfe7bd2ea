// Detector benchmark: pathological 10 MB single-line inputs (each must take milliseconds to a few
// hundred ms: no super-linear regex), then a 50 MB single-line minified file with one planted key pair.
// Run after `npm run build`:  node --expose-gc bench/detect.mjs
// (with --expose-gc, garbage left by building the inputs is collected before each timed run).
// Credentials are built at run time (DESIGN.md section 10): nothing credential-shaped is in this file.
import { detect } from '../dist/detect/index.js';

const MB = 1024 * 1024;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LONG = ['AK', 'IA'].join('');
const SESSION = ['AS', 'IA'].join('');

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
/** `unit` repeated to `size` characters. */
function fill(unit, size = 10 * MB) {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}
function secret() {
  for (;;) {
    const s = random(BASE64, 40);
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

const pathological = {
  'A*': () => fill('A'),
  '+*': () => fill('+'),
  '/*': () => fill('/'),
  'a=*': () => fill('a='),
  '"*': () => fill('"'),
  'space*': () => fill(' '),
  'newline*': () => fill('\n'),
  'AKIA*': () => fill(LONG),
  'AKIA+16 base32, space-separated (many ids)': () => fill(`${LONG}${random(BASE32_ALPHABET, 16)} `),
  'ASIA+word, space-separated': () => fill(`${SESSION}PACIFICSINGAPORE `),
  'base64-ish random': () => random(BASE64, 10 * MB),
  'base64 of text': () => Buffer.from(fill('hello world, this is text. ', (10 * MB * 3) / 4)).toString('base64'),
  'base64 of base64 of ids': () => Buffer.from(Buffer.from(fill(`${LONG}AAAA `, (10 * MB * 9) / 16)).toString('base64')).toString('base64'),
  '"aws_secret_access_key": " *': () => fill('"aws_secret_access_key": "'),
  'secret*': () => fill('secret'),
  'SECRET_KEY=*': () => fill('SECRET_KEY='),
  'secret_key = value value *': () => fill('secret_key = value value '),
  'aws_session_token=*': () => fill('aws_session_token='),
  'SessionToken*': () => fill('SessionToken'),
  'X-Amz-Security-Token=*': () => fill('X-Amz-Security-Token='),
  'IQoJb3JpZ2lu*': () => fill(['IQoJb3', 'JpZ2lu'].join('')),
  'ABSK*': () => fill(['AB', 'SK'].join('')),
  'bedrock-api-key-*': () => fill(['bedrock', 'api', 'key', ''].join('-')),
  '\\/*': () => fill('\\/'),
  '%2F*': () => fill('%2F'),
  '\\u002F*': () => fill('\\u002F'),
  '"a"+*': () => fill('"a"+'),
  '"<random 8>" + *': () => fill(`"${random(ALNUM, 8)}" + `),
  '"AKIA" + "<16>" *': () => fill(`"${LONG}" + "${random(BASE32_ALPHABET, 16)}"; `),
  'secret=<40 random>, repeated': () => {
    const parts = [];
    for (let n = 0; n < (10 * MB) / 60; n++) parts.push(`aws_secret=${secret()} `);
    return parts.join('');
  },
  'id + 40 random, repeated (many pairs)': () => {
    const parts = [];
    for (let n = 0; n < (10 * MB) / 64; n++) parts.push(`${LONG}${random(BASE32_ALPHABET, 16)},${secret()}\n`);
    return parts.join('');
  },
  '<a> tags': () => fill('<a>'),
  'secret: <x> *': () => fill('secret: <x> '),
  'key\\n*': () => fill('aws_secret_access_key:\n'),
};

/** Wall time and CPU time (user + system: less sensitive to other processes on a busy machine). */
function time(fn) {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(cpu);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpu: (used.user + used.system) / 1000, result };
}

function row(name, size, { ms, cpu, result }) {
  console.log(
    `${name.padEnd(46)} ${(size / MB).toFixed(1).padStart(5)} MB ${ms.toFixed(1).padStart(9)} ms wall ${cpu.toFixed(1).padStart(9)} ms cpu  ${String(result.length).padStart(7)} findings`,
  );
}

console.log('pathological single-line inputs');
let worst = 0;
for (const [name, make] of Object.entries(pathological)) {
  const text = make();
  detect(text.slice(0, 4096)); // warm up
  const timing = time(() => detect(text));
  worst = Math.max(worst, timing.ms);
  row(name, text.length, timing);
}
console.log(`worst wall time: ${worst.toFixed(1)} ms\n`);

/** ~`size` characters of minified-looking JavaScript on one line, with a key pair planted in the middle. */
function minified(size) {
  const pieces = [];
  let length = 0;
  const ident = () => random('abcdefghijklmnopqrstuvwxyz', 1) + random('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$', Math.floor(rand() * 3));
  const snippets = [
    () => `function ${ident()}(${ident()},${ident()}){return ${ident()}+${ident()}*${Math.floor(rand() * 100)}}`,
    () => `var ${ident()}="${random(ALNUM + ' ', 12 + Math.floor(rand() * 20))}";`,
    () => `${ident()}.${ident()}(${ident()},{key:"${random(ALNUM, 8)}",value:${Math.floor(rand() * 1e6)}});`,
    () => `if(${ident()}!==void 0&&${ident()}.length>${Math.floor(rand() * 10)}){${ident()}=[${ident()},${ident()}]}`,
    () => `${ident()}="data:image/png;base64,${random(BASE64, 200)}";`,
    () => `/* ${random(ALNUM + ' ', 30)} */`,
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

for (const size of [50 * MB]) {
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

// Deterministic synthetic content for the benchmark repositories: a seeded PRNG and generators for
// source files, logs and one-line minified bundles. Identifiers come from a lower-case word list with no
// credential-ish words, so a clean repository never triggers a scanner; no credential-shaped literal is
// written here (the planted key is assembled at run time in plant.mjs).

/** sfc32 seeded through splitmix32: small, fast, the same output on every machine. */
export function prng(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(),
    b = splitmix(),
    c = splitmix(),
    d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  return {
    int: (n) => next() % n,
    range: (lo, hi) => lo + (next() % (hi - lo + 1)),
    pick: (list) => list[next() % list.length],
  };
}

export const WORDS = (
  'alpha bravo cedar delta ember falcon garden harbor island jungle kettle lemon meadow nectar orbit ' +
  'pepper quartz river saddle timber umber velvet willow yarrow zephyr anchor basket candle dragon engine ' +
  'fabric glacier hammer igloo jigsaw lantern marble needle oyster paddle quiver rocket shadow tunnel ' +
  'vessel wagon yonder zigzag parse render build merge split filter reduce gather scatter resolve compute ' +
  'update create remove insert select format encode decode buffer stream packet cursor region layout ' +
  'widget panel button slider toggle header footer sidebar canvas sprite vector matrix sample signal ' +
  'window socket server client router handler worker queue batch chunk frame block shard cache store ' +
  'index table column record field value count total limit offset width height depth color shade pixel'
)
  .split(/\s+/)
  .filter(Boolean);

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const camel = (r, n) => r.pick(WORDS) + Array.from({ length: n - 1 }, () => cap(r.pick(WORDS))).join('');
const snake = (r, n) => Array.from({ length: n }, () => r.pick(WORDS)).join('_');
const sentence = (r, n) => Array.from({ length: n }, () => r.pick(WORDS)).join(' ');

function jsBlock(r, ts) {
  const f = camel(r, r.range(2, 3));
  const a = r.pick(WORDS),
    b = camel(r, 2),
    c = camel(r, 2);
  const t = ts ? ': number' : '';
  return (
    `/** ${sentence(r, r.range(4, 9))} */\n` +
    `export function ${f}(${a}${t}, ${b}${t})${ts ? ': number[]' : ''} {\n` +
    `  let ${c} = ${a} + ${r.int(1000)};\n` +
    `  if (${c} > ${b}) {\n` +
    `    console.log('${sentence(r, r.range(2, 6))}', ${c});\n` +
    `  }\n` +
    `  for (let i = 0; i < ${r.range(2, 64)}; i++) ${c} += i * ${r.int(97)};\n` +
    `  return [${c}, ${b}].map((x) => x * ${r.int(31)});\n` +
    `}\n\n`
  );
}

function pyBlock(r) {
  const f = snake(r, r.range(2, 3));
  const a = r.pick(WORDS),
    b = snake(r, 2),
    c = snake(r, 2);
  return (
    `def ${f}(${a}, ${b}):\n` +
    `    """${cap(sentence(r, r.range(4, 9)))}."""\n` +
    `    ${c} = ${a} + ${r.int(1000)}\n` +
    `    if ${c} > ${b}:\n` +
    `        print("${sentence(r, r.range(2, 6))}", ${c})\n` +
    `    return [x * ${r.int(31)} for x in (${c}, ${b})]\n\n\n`
  );
}

const block = (r, ext) => (ext === 'py' ? pyBlock(r) : jsBlock(r, ext === 'ts'));

/** A source file of about `bytes` bytes in the language of `ext` (js, ts, py). */
export function sourceFile(r, ext, bytes) {
  const parts = [
    ext === 'py'
      ? `# ${sentence(r, 5)}\nimport os\n\n\n`
      : `// ${sentence(r, 5)}\nimport { ${camel(r, 2)} } from './${r.pick(WORDS)}';\n\n`,
  ];
  let size = parts[0].length;
  while (size < bytes) {
    const b = block(r, ext);
    parts.push(b);
    size += b.length;
  }
  return parts.join('');
}

/** About `lines` lines of code in the language of `ext`. */
export function sourceLines(r, ext, lines) {
  const parts = [];
  let count = 0;
  while (count < lines) {
    const b = block(r, ext);
    parts.push(b);
    count += b.split('\n').length - 1;
  }
  return parts.join('');
}

/** A log file of about `bytes` bytes, one event per line. */
export function logText(r, bytes) {
  const levels = ['info', 'debug', 'warn', 'trace'];
  const parts = [];
  let size = 0;
  let t = 0;
  const two = (n) => String(n).padStart(2, '0');
  while (size < bytes) {
    t += r.int(5000);
    const s = (t / 1000) | 0;
    const line = `2021-03-${two(1 + (((s / 86400) | 0) % 28))} ${two(((s / 3600) | 0) % 24)}:${two(((s / 60) | 0) % 60)}:${two(s % 60)} ${r.pick(levels)} ${r.pick(WORDS)}.${r.pick(WORDS)} ${sentence(r, r.range(3, 12))} n=${r.int(100000)} took=${r.int(900)}ms\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/** One line of minified-looking JavaScript, about `bytes` bytes, without any newline. */
export function minifiedLine(r, bytes) {
  const parts = ['!function(){"use strict";'];
  let size = parts[0].length;
  const id = () => r.pick(WORDS).slice(0, r.range(1, 3)) + r.int(99);
  while (size < bytes) {
    const a = id(),
      b = id(),
      c = id();
    const s = `function ${a}(${b},${c}){return ${b}*${r.int(999)}+${c}-${r.int(99)}}var ${c}=${a}(${r.int(9999)},${r.int(99)}),${b}="${sentence(r, r.range(1, 4))}";`;
    parts.push(s);
    size += s.length;
  }
  parts.push('}();');
  return parts.join('');
}

// Adversarial inputs for the detector: one family per regular expression or decoder of src/detect,
// each built to make that part slow (long runs of its alphabet, a near miss every few bytes, nesting).
// `bench/detect.mjs` times them at 10 MB next to ordinary source code; test/unit/detect/adversarial.test.ts
// runs each at 1 MB and checks the findings. Every family plants one key pair in the middle of its text
// (or is made of findings itself) and says exactly which findings `detect` must return, as `rule@line`.
// Credentials are built at run time from a seeded generator: nothing credential-shaped is in this file.

export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const LONG = ['AK', 'IA'].join('');
const SESSION = ['AS', 'IA'].join('');
const TOKEN_PREFIX = ['IQoJb3', 'JpZ2lu'].join('');
const BEDROCK = ['AB', 'SK'].join('');
const BEDROCK_SHORT = ['bedrock', 'api', 'key', ''].join('-');

/** A seeded generator (mulberry32) with the helpers the families need. */
export function generator(seed = 42) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = (alphabet, length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const secret = () => {
    for (;;) {
      const s = random(BASE64, 40);
      if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
    }
  };
  return {
    next,
    random,
    secret,
    keyId: (prefix = LONG) => prefix + random(BASE32_ALPHABET, 20 - prefix.length),
    accept: undefined,
  };
}

/** `generator(seed)` whose made-of-findings lines are checked with `detect` one by one. */
export function checkedGenerator(detect, seed = 42) {
  const g = generator(seed);
  g.accept = (line, rule, count) => {
    const found = detect(line);
    return found.length === count && found.every((f) => f.rule === rule);
  };
  return g;
}

function lineCount(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** `unit()` (or a constant string) repeated to about `size` characters. */
function fill(unit, size) {
  if (typeof unit === 'string') return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const parts = [];
  let length = 0;
  while (length < size) {
    const s = unit();
    parts.push(s);
    length += s.length;
  }
  return parts.join('');
}

/**
 * Half the filler, a blank line, one INI key pair, a blank line, the other half. The filler of
 * single-line families stays two huge lines. Expected: the pair, on the id's line.
 */
function planted(g, unit, size, { extra = [] } = {}) {
  const half = fill(unit, size / 2);
  const tail = fill(unit, size / 2);
  const id = g.keyId();
  const text = `${half}\n\n[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${g.secret()}\n\n${tail}`;
  return { text, expected: [...extra, `aws-credential-pair@${lineCount(half) + 4}`] };
}

/**
 * Text made of findings: `line()` is one line holding `perLine` findings of `rule`. A random value is
 * now and then a placeholder by chance (a word-like id, a secret without entropy): `g.accept(line, rule,
 * perLine)`, when the caller gives one, keeps only the lines that hold their findings on their own.
 */
function made(size, line, rule, perLine, g) {
  const lines = [];
  const expected = [];
  let length = 0;
  while (length < size) {
    const s = line();
    if (g.accept && !g.accept(s, rule, perLine)) continue;
    lines.push(s);
    length += s.length + 1;
    for (let k = 0; k < perLine; k++) expected.push(`${rule}@${lines.length}`);
  }
  return { text: `${lines.join('\n')}\n`, expected };
}

const b64 = (s) => Buffer.from(s).toString('base64');

/**
 * The families. `target`: what it attacks. `make(size, g)` returns `{ text, expected, path? }`.
 * `findingBound`: the input is made of findings (every few bytes one is reported), so its cost is the
 * findings' (a location, a mask, a fingerprint each), not the scanning's.
 */
export const FAMILIES = [
  // Runs of key id characters (scan-runs.ts, prefilter.ts, aws-access-key-id.ts).
  { name: 'A*', target: 'scanRuns, prefilter skip search', make: (size, g) => planted(g, 'A', size) },
  { name: 'AKIA*', target: 'key id prefix test on one long run', make: (size, g) => planted(g, LONG, size) },
  {
    name: 'runs of 20-22 A-Z0-9 with a prefix, placeholders',
    target: 'acceptKeyId, keyIdShape (distinct values)',
    make: (size, g) =>
      planted(g, () => `${LONG}${g.random(BASE32_ALPHABET, 8)}XXXX${g.random(BASE32_ALPHABET, 4)} `, size),
  },
  {
    name: 'runs of 19 and 21 A-Z0-9 (one off)',
    target: 'key id length bounds',
    make: (size, g) =>
      planted(g, () => `${LONG}${g.random(BASE32_ALPHABET, 15)} ${LONG}${g.random(BASE32_ALPHABET, 17)}=`, size),
  },
  {
    name: 'word-like ids near 40-hex runs',
    target: 'settleWordLikeIds, unlabeled secrets near ids',
    make: (size, g) => planted(g, () => `${SESSION}PACIFICSINGAPORE ${g.random(HEX, 40)}\n`, size),
  },
  {
    name: 'access_key_id = <word-like id>',
    target: 'KEY_ID_LABEL regex',
    make: (size, g) => planted(g, () => `access_key_id = ${SESSION}${g.random('AEIOU', 16)}\n`, size),
  },
  {
    name: 'ASIA+word, space-separated',
    target: 'word-like ids',
    make: (size, g) => planted(g, `${SESSION}PACIFICSINGAPORE `, size),
  },
  { name: 'space* and newline*', target: 'nothing to scan', make: (size, g) => planted(g, '   \n', size) },
  // Runs of the base64 alphabet (base64-layer.ts decoding, token-reader.ts).
  { name: '+*', target: 'symbol runs', make: (size, g) => planted(g, '+', size) },
  {
    name: 'random base64, one run',
    target: 'base64 sample test, secretValueAt',
    make: (size, g) => planted(g, () => g.random(BASE64, 4096), size),
  },
  {
    name: 'random base64 runs of 27',
    target: 'one layer work item per run',
    make: (size, g) => planted(g, () => `${g.random(BASE64, 27)} `, size),
  },
  {
    name: 'base64 of text, one run',
    target: 'decodeRun (budget)',
    make: (size, g) => planted(g, () => b64(`hello world, this is text ${g.random(ALNUM, 9)}. `.repeat(256)), size),
  },
  {
    name: 'short base64-of-text blobs',
    target: 'a child scope per blob',
    make: (size, g) => planted(g, () => `${b64(`note ${g.random(ALNUM, 17)}`)} `, size),
  },
  {
    name: 'wrapped base64 of text (76-char lines)',
    target: 'readRun over wrapped lines',
    make: (size, g) =>
      planted(
        g,
        () => `${b64(`plain text line ${g.random(ALNUM, 40)} `.repeat(40)).replace(/.{76}/g, '$&\n')}\n`,
        size,
      ),
  },
  {
    name: 'base64 nested 3 deep, one blob',
    target: 'nested layers',
    make: (size, g) =>
      planted(g, () => b64(b64(b64(`key ${g.random(BASE32_ALPHABET, 20)} and some words, `.repeat(64)))), size),
  },
  {
    name: 'many small base64 blobs nested 3 deep',
    target: 'child scopes per nested blob',
    make: (size, g) => planted(g, () => `${b64(b64(b64(`k=${LONG}${g.random(BASE32_ALPHABET, 12)}XXXX`)))} `, size),
  },
  {
    name: 'base64 of base64 of ids',
    target: 'nested layers of key ids',
    make: (size, g) => planted(g, () => b64(b64(`${LONG}${g.random(BASE32_ALPHABET, 4)} `.repeat(300))), size),
  },
  {
    name: 'base64 nested 5 deep, many blobs',
    target: 'depth bound',
    make: (size, g) => planted(g, () => `${b64(b64(b64(b64(b64(`${g.random(ALNUM, 12)} text`)))))}\n`, size),
  },
  // Runs of `=` and `%`, and the escapes values are read through (token-reader.ts).
  { name: '=*', target: 'padding', make: (size, g) => planted(g, '=', size) },
  { name: 'a=*', target: 'assignments without values', make: (size, g) => planted(g, 'a=', size) },
  { name: '%*', target: 'escape test at every character', make: (size, g) => planted(g, '%', size) },
  {
    name: '%2F%2B%3D*',
    target: 'escapeAt, value runs across escapes',
    make: (size, g) => planted(g, '%2F%2B%3D', size),
  },
  { name: '\\/ and \\u002F*', target: 'JSON escapes', make: (size, g) => planted(g, '\\/\\u002F', size) },
  {
    name: 'aws_secret_access_key=%2F... (long escaped values)',
    target: 'readToken through escapes after a keyword',
    make: (size, g) => planted(g, () => `aws_secret_access_key=${'%2F'.repeat(200)}\n`, size),
  },
  {
    name: 'a%2Fb (token, escape, token)',
    target: 'value runs',
    make: (size, g) => planted(g, () => `${g.random(ALNUM, 3)}%2F`, size),
  },
  // Quotes and string joining (joined-literals.ts chainAt / junctionAfter).
  { name: '"*', target: 'closing quotes', make: (size, g) => planted(g, '"', size) },
  { name: 'nested quotes "\'`"\'`', target: 'quote classes', make: (size, g) => planted(g, `"'\`a"'\`b`, size) },
  { name: '\\" escaped quotes', target: 'JSON string ends', make: (size, g) => planted(g, 'a\\"', size) },
  { name: '"a"+"b"+ (chains of short literals)', target: 'chainAt', make: (size, g) => planted(g, '"ab" + ', size) },
  {
    name: '"<random 8>" + *',
    target: 'chainAt, short pieces',
    make: (size, g) => planted(g, () => `"${g.random(ALNUM, 8)}" + `, size),
  },
  {
    name: '"<16 random>""<16 random>" adjacent literals',
    target: 'chainAt joins (budget)',
    make: (size, g) => planted(g, () => `"${g.random(ALNUM, 16)}"`, size),
  },
  {
    name: '"AKIA" + "<placeholder>" split ids',
    target: 'joined literals worth decoding (budget)',
    make: (size, g) => planted(g, () => `k = "${LONG}" + "${g.random(BASE32_ALPHABET, 12)}XXXX";\n`, size),
  },
  // Keywords and near misses every few bytes (assignment.ts, rules/*).
  { name: 'secret*', target: 'forEachKeyword on one long name', make: (size, g) => planted(g, 'secret', size) },
  { name: 'SessionToken*', target: 'session keyword', make: (size, g) => planted(g, 'SessionToken', size) },
  {
    name: 'aws_secret_access_key = <40 with a placeholder word>',
    target: 'isPlausibleSecret (distinct values)',
    make: (size, g) => planted(g, () => `aws_secret_access_key = ${g.random(ALNUM, 33)}example\n`, size),
  },
  {
    name: 'aws_secret_access_key = <39>',
    target: 'secretValueAt, one short',
    make: (size, g) => planted(g, () => `aws_secret_access_key = ${g.random(ALNUM, 39)}\n`, size),
  },
  {
    name: 'secret = = = : : [ ] <a> glue',
    target: 'valueStartAfter glue',
    make: (size, g) => planted(g, () => `secret = = = : : [ ] <a> ${g.random(ALNUM, 19)}\n`, size),
  },
  {
    name: 'aws_session_token = <99>',
    target: 'session token, one short',
    make: (size, g) => planted(g, () => `aws_session_token = ${g.random(BASE64, 99)}\n`, size),
  },
  {
    name: 'IQoJb3JpZ2lu<60> (prefixed, too short)',
    target: 'prefixedTokenAt',
    make: (size, g) => planted(g, () => `${TOKEN_PREFIX}${g.random(BASE64, 50)} `, size),
  },
  {
    name: 'ABSK<108> (too short)',
    target: 'longTermKeyAt',
    make: (size, g) => planted(g, () => `${BEDROCK}${g.random(BASE64, 108)} `, size),
  },
  {
    name: 'bedrock-api-key-<39>',
    target: 'scanShortTermBedrockKeys',
    make: (size, g) => planted(g, () => `${BEDROCK_SHORT}${g.random(BASE64, 39)} `, size),
  },
  { name: 'SECRET_KEY=*', target: 'keyword, glue, keyword', make: (size, g) => planted(g, 'SECRET_KEY=', size) },
  {
    name: 'aws_session_token=* and X-Amz-Security-Token=*',
    target: 'token keywords without values',
    make: (size, g) => planted(g, 'aws_session_token=X-Amz-Security-Token=', size),
  },
  {
    name: 'IQoJb3JpZ2lu* / ABSK* / bedrock-api-key-*',
    target: 'prefixes without bodies',
    make: (size, g) => planted(g, `${TOKEN_PREFIX}${BEDROCK}${BEDROCK_SHORT}`, size),
  },
  {
    name: 'secret: <x> and <a> tags',
    target: 'tags between name and value',
    make: (size, g) => planted(g, 'secret: <x> <a>', size),
  },
  {
    name: 'aws_secret_access_key:\\n*',
    target: 'value on the next line',
    make: (size, g) => planted(g, 'aws_secret_access_key:\n', size),
  },
  {
    name: 'aws us-east-1 amazon (flavour words)',
    target: 'AWS_FLAVOUR regex',
    make: (size, g) => planted(g, 'aws us-east-1 amazon s3 ', size),
  },
  // Structures (csv-columns.ts, sql-columns.ts, notebook-outputs.ts, YAML/HCL readers).
  {
    name: 'CSV header of 400 secret columns, rows of runs',
    target: 'csvColumnValues',
    make: (size, g) =>
      planted(g, () => `${'aws_secret_access_key,'.repeat(400)}x\n${`${g.random(ALNUM, 24)},`.repeat(400)}x\n`, size),
  },
  {
    name: 'SQL INSERT of many secret columns',
    target: 'sqlInsertValues',
    make: (size, g) =>
      planted(
        g,
        () =>
          `INSERT INTO t (${'aws_secret_access_key, '.repeat(100)}x) VALUES ${`(${`'${g.random(ALNUM, 24)}', `.repeat(100)}1), `.repeat(4)}(1);\n`,
        size,
      ),
  },
  {
    name: "SQL UPDATE ... WHERE name = 'aws_secret'",
    target: 'sqlUpdateValues, CONDITION regex',
    make: (size, g) =>
      planted(g, () => `UPDATE s SET v = '${g.random(HEX, 40)}' WHERE name = 'aws_secret_access_key';\n`, size),
  },
  {
    name: "UPDATE ... WHERE k='aws_secret' AND (one long statement)",
    target: 'sqlUpdateValues on one statement',
    make: (size, g) => planted(g, `UPDATE t SET v='${'y'.repeat(20)}' WHERE k='aws_secret_access_key' AND `, size),
  },
  {
    name: 'YAML key, comment lines, values below',
    target: 'yamlValueBelow, yamlDefaultAfter',
    make: (size, g) => planted(g, () => `aws_secret_access_key:\n  # c\n\n  ${g.random(HEX, 40)}\n`, size),
  },
  {
    name: 'notebook: [[[[ deep and cells naming a secret',
    target: 'scanNotebookOutputs',
    path: 'nb.ipynb',
    make: (size, g) =>
      planted(
        g,
        () =>
          `{"cells":[{"outputs":[{"text":["${g.random(HEX, 40)}\\n"]}],"source":["aws_secret_access_key = x"]}],"x":[[[[[[[[[[[[[[[[[[[[["${g.random(ALNUM, 30)}"]]]]]]]]]]]]]]]]]]]]]}\n`,
        size,
      ),
  },
  // Made of findings.
  {
    name: 'AKIA+16 base32, space-separated (many ids)',
    target: 'findings: key ids',
    findingBound: true,
    make: (size, g) =>
      made(size, () => Array.from({ length: 16 }, () => g.keyId()).join(' '), 'aws-access-key-id', 16, g),
  },
  {
    name: 'aws_secret=<40 random>, one per line',
    target: 'findings: secrets',
    findingBound: true,
    make: (size, g) => made(size, () => `aws_secret=${g.secret()}`, 'aws-secret-access-key', 1, g),
  },
  {
    name: 'id,secret per line (many pairs)',
    target: 'findings: pairs',
    findingBound: true,
    make: (size, g) => made(size, () => `${g.keyId()},${g.secret()}`, 'aws-credential-pair', 1, g),
  },
];

/** Ordinary source code: TypeScript's own compiler (plain, unminified JavaScript), to `size` characters. */
export function ordinarySource(readFileSync, root, size) {
  const parts = ['typescript.js', '_tsc.js', 'tsserver.js'].map((name) => {
    try {
      return readFileSync(`${root}/node_modules/typescript/lib/${name}`, 'utf8');
    } catch {
      return '';
    }
  });
  return parts.join('\n').slice(0, size);
}

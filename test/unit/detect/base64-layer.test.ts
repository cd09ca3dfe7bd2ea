// Base64 layers (src/detect/base64-layer.ts): the decoder against Node's own, and credentials at the
// boundaries of the layers a nested blob is made of. A layer that is itself one base64 run and holds
// nothing else is decoded further as bytes, without becoming a scope: what is found below it must be
// exactly what is found when every layer is a scope (a key at the depth limit, one layer past it, a
// prefixed token or key id that a skipped layer's next layer starts with, a key split between the
// lines of a wrapped blob). The tests that decide it (`classifyDecoded`, `holdsWord`) are checked
// against their definitions, and Node's decoder, which a long wrapped blob is given as the text it
// spans, against the blob's lines joined. Credentials are built at run time
// (test/support/fake-credentials.ts).
import { describe, expect, it } from 'vitest';
import {
  classifyForTest,
  decodeChunks,
  decodeShortRun,
  holdsPlaceholder,
  holdsWord,
  readRunForTest,
} from '../../../src/detect/base64-layer.js';
import { ALL_KEYWORDS } from '../../../src/detect/catalog.js';
import { ID_PLACEHOLDER_WORDS, keyIdShape } from '../../../src/detect/shape.js';
import { detect } from '../../../src/detect/index.js';
import {
  fakeAccessKeyId,
  fakeBedrockKey,
  fakeBedrockShortTermKey,
  fakePair,
  fakeSecretAccessKey,
  fakeStsSessionToken,
  KEY_PREFIX,
  randomString,
  seededRandom,
} from '../../support/fake-credentials.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
/** `s` encoded `times` times. */
const nest = (s: string, times: number): string => (times === 0 ? s : nest(b64(s), times - 1));
const found = (text: string): string[] => detect(text).map((f) => `${f.rule}@${f.line}`);

describe('decodeChunks', () => {
  it('gives the bytes Buffer.from gives, for any length, padding and split into lines', () => {
    const rng = seededRandom(11);
    const into = new Uint8Array(512);
    let compared = 0;
    for (let round = 0; round < 3000; round++) {
      const plain = Math.floor(rng() * 300);
      if (plain % 4 === 1) continue; // never decoded: no whole byte in the last character
      const padding = plain % 4 === 0 ? 0 : 4 - (plain % 4);
      const encoded = randomString(rng, BASE64, plain) + '='.repeat(Math.floor(rng() * (padding + 1)));
      // The run as the lines of a wrapped blob: chunks of the text with a line break between.
      const width = 4 + Math.floor(rng() * 80);
      const lines = encoded.match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
      const text = `x\n${lines.join('\n')}\n`;
      const chunks: number[] = [];
      let at = 2;
      for (const line of lines) {
        chunks.push(at, at + line.length);
        at += line.length + 1;
      }
      const n = decodeChunks(text, chunks, plain, into);
      const expected = Buffer.from(encoded, 'base64');
      expect(Buffer.from(into.subarray(0, n))).toEqual(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(2000);
  });
});

describe('decodeShortRun', () => {
  /** The sample test by its definition: the bytes of the run's whole groups, 90% printable (a byte of 128 or more counts half), a letter among them. */
  const sampleIsText = (run: string): boolean => {
    const bytes = Buffer.from(run.slice(0, run.length & ~3), 'base64');
    if (bytes.length === 0) return false;
    let score = 0;
    for (const b of bytes) score += (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13 ? 1 : b >= 0x80 ? 0.5 : 0;
    return score / bytes.length >= 0.9 && bytes.some((b) => (b >= 65 && b <= 90) || (b >= 97 && b <= 122));
  };

  it('rejects exactly the runs whose sample is not text, and decodes the others as Buffer.from does', () => {
    const rng = seededRandom(31);
    const into = new Uint8Array(64);
    let kept = 0;
    let rejected = 0;
    for (let round = 0; round < 6000; round++) {
      const length = Math.floor(rng() * 65);
      let run: string;
      if (round % 3 === 0) {
        run = randomString(rng, BASE64, length);
      } else {
        // Text with a few bytes that fall short (controls, bytes of 128 or more) near the 90% line.
        const bytes = Buffer.from(randomString(rng, 'abcdefgh ', 48));
        const bad = Math.floor(rng() * 9);
        for (let k = 0; k < bad; k++) bytes[Math.floor(rng() * bytes.length)] = rng() < 0.5 ? 1 : 200;
        run = bytes.toString('base64').replace(/=+$/, '').slice(0, length);
      }
      const text = `x ${run} y`;
      const n = decodeShortRun(text, 2, run.length, into);
      if (!sampleIsText(run)) {
        expect(n).toBe(-1);
        rejected++;
      } else {
        expect(Buffer.from(into.subarray(0, n))).toEqual(Buffer.from(run, 'base64'));
        kept++;
      }
    }
    expect(kept).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });
});

/** Bytes for the classifying tests: base64 runs (with padding, key id places, word starts), near runs, text, noise. */
function classifiedBytes(rng: () => number): Uint8Array {
  const kind = Math.floor(rng() * 6);
  const length = Math.floor(rng() * 90);
  const words = ['se', 'Se', 'sE', 'SE', 'be', 'BE', 'secret', 'SeCuRiTy', 'session', 'SESSION', 'secre', 'bedrock'];
  let run = randomString(rng, BASE64, length);
  if (rng() < 0.3) {
    // A run of upper-case letters and digits, or of letters and digits, near a key id's length.
    const at = Math.floor(rng() * (run.length + 1));
    const streak = randomString(
      rng,
      rng() < 0.5 ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' : BASE64.slice(0, 62),
      18 + Math.floor(rng() * 7),
    );
    run = `${run.slice(0, at)}/${streak}+${run.slice(at)}`;
  }
  if (rng() < 0.4) {
    const at = Math.floor(rng() * (run.length + 1));
    run = run.slice(0, at) + words[Math.floor(rng() * words.length)] + run.slice(at);
  }
  const padded = run + '='.repeat(Math.floor(rng() * 3));
  if (kind <= 1) return Buffer.from(padded, 'latin1');
  if (kind === 2) {
    // One byte outside the alphabet somewhere (a space, `=` inside, a control byte, a byte of 128 or more).
    const bytes = Buffer.from(padded.length > 0 ? padded : 'x', 'latin1');
    bytes[Math.floor(rng() * bytes.length)] = [32, 61, 1, 200, 0xc3][Math.floor(rng() * 5)] as number;
    return bytes;
  }
  if (kind === 3) {
    // Text near the 90% line: words and spaces, a few bytes that fall short.
    const bytes = Buffer.from(randomString(rng, 'abcdefgh sE', Math.max(1, length)), 'latin1');
    const bad = Math.floor(rng() * 8);
    for (let k = 0; k < bad; k++)
      bytes[Math.floor(rng() * bytes.length)] = [1, 0x80, 0xc1, 0xe2, 0xf5, 255][Math.floor(rng() * 6)] as number;
    return bytes;
  }
  const bytes = new Uint8Array(length);
  for (let k = 0; k < length; k++) bytes[k] = Math.floor(rng() * 256);
  return bytes;
}

describe('classifyDecoded', () => {
  const isLetter = (b: number): boolean => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
  const printable = (b: number): boolean => (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13;
  const pairs = (words: string[]): RegExp => new RegExp(words.map((w) => w.slice(0, 2)).join('|'), 'i');
  const keywords = ALL_KEYWORDS.map(({ word }) => word);
  const bedrockShort = ['bedrock', 'api', 'key', ''].join('-');

  it('answers as its definitions: text, one run, key id places, the sample, the word pairs', () => {
    const rng = seededRandom(41);
    let runs = 0;
    let others = 0;
    for (let round = 0; round < 20_000; round++) {
      const bytes = classifiedBytes(rng);
      const n = bytes.length;
      const sample = Math.floor(rng() * 70);
      const latin = Buffer.from(bytes).toString('latin1');
      const got = classifyForTest(bytes, n, sample);
      // Text: 90% printable, a UTF-8 lead or continuation byte counting half, and an ASCII letter.
      let score = 0;
      for (const b of bytes) score += printable(b) ? 1 : b >= 0x80 && b <= 0xf4 && b !== 0xc0 && b !== 0xc1 ? 0.5 : 0;
      expect(got.text).toBe(n > 0 && score / n >= 0.9 && bytes.some(isLetter));
      // The sample: its first bytes 90% printable, any byte of 128 or more counting half, and a letter.
      const m = Math.min(sample, n);
      let sampleScore = 0;
      for (const b of bytes.subarray(0, m)) sampleScore += printable(b) ? 1 : b >= 0x80 ? 0.5 : 0;
      expect(got.sampleText).toBe(m > 0 && sampleScore / m >= 0.9 && bytes.subarray(0, m).some(isLetter));
      expect(got.keywordPair).toBe(pairs(keywords).test(latin));
      expect(got.leafPair).toBe(pairs([...keywords, bedrockShort]).test(latin));
      const one = n > 0 ? /^([A-Za-z0-9+/]*)=*$/.exec(latin) : null;
      expect(got.oneRun).toBe(one ? (one[1] as string).length : -1);
      if (one) {
        const run = one[1] as string;
        expect(got.idRun).toBe(/[A-Z0-9]{20}/.test(run));
        expect(got.keyIdRun).toBe((run.match(/[A-Za-z0-9]+/g) ?? []).some((r) => r.length >= 20 && r.length <= 22));
        runs++;
      } else {
        others++;
      }
    }
    expect(runs).toBeGreaterThan(5000);
    expect(others).toBeGreaterThan(5000);
  });
});

describe('holdsWord', () => {
  const escaped = (words: string[]): RegExp =>
    new RegExp(words.map((w) => w.replace(/[^a-z0-9]/g, (c) => `\\${c}`)).join('|'), 'i');
  const keywords = ALL_KEYWORDS.map(({ word }) => word);
  const bedrockShort = ['bedrock', 'api', 'key', ''].join('-');

  it('answers as the case-insensitive keyword expression on the text the bytes decode to', () => {
    const rng = seededRandom(43);
    let held = 0;
    let pairOnly = 0;
    for (let round = 0; round < 20_000; round++) {
      const bytes = classifiedBytes(rng);
      if (rng() < 0.2) {
        // A whole word in random letter case, or one cut short, somewhere.
        const word = [...keywords, bedrockShort][Math.floor(rng() * (keywords.length + 1))] as string;
        const cut = rng() < 0.5 ? word : word.slice(0, Math.floor(rng() * word.length));
        const cased = [...cut].map((c) => (rng() < 0.5 ? c.toUpperCase() : c)).join('');
        const at = Math.floor(rng() * (bytes.length + 1));
        const joined = Buffer.concat([bytes.subarray(0, at), Buffer.from(cased, 'latin1'), bytes.subarray(at)]);
        expect(holdsWord(joined, joined.length, false)).toBe(escaped(keywords).test(joined.toString('utf8')));
        expect(holdsWord(joined, joined.length, true)).toBe(
          escaped([...keywords, bedrockShort]).test(joined.toString('latin1')),
        );
        if (holdsWord(joined, joined.length, true)) held++;
        continue;
      }
      const n = bytes.length;
      const word = holdsWord(bytes, n, false);
      expect(word).toBe(escaped(keywords).test(Buffer.from(bytes).toString('utf8')));
      expect(word).toBe(escaped(keywords).test(Buffer.from(bytes).toString('latin1')));
      expect(holdsWord(bytes, n, true)).toBe(
        escaped([...keywords, bedrockShort]).test(Buffer.from(bytes).toString('latin1')),
      );
      if (!word && classifyForTest(bytes, n).keywordPair) pairOnly++;
    }
    expect(held).toBeGreaterThan(300);
    expect(pairOnly).toBeGreaterThan(300);
  });

  it('reads only the bytes it is given', () => {
    const bytes = Buffer.from('xx secret', 'latin1');
    expect(holdsWord(bytes, bytes.length, false)).toBe(true);
    expect(holdsWord(bytes, bytes.length - 1, false)).toBe(false);
  });
});

describe('what the byte tests assume', () => {
  it('holds: placeholder words of A-Z0-9, fewer than 32', () => {
    expect(ID_PLACEHOLDER_WORDS.every((word) => /^[A-Z0-9]+$/.test(word))).toBe(true);
    expect(ID_PLACEHOLDER_WORDS.length).toBeLessThan(32);
  });
});

describe('holdsPlaceholder', () => {
  it('finds the placeholder words keyIdShape rejects, exactly where the expression does', () => {
    const rng = seededRandom(61);
    const expression = new RegExp(ID_PLACEHOLDER_WORDS.join('|'));
    let held = 0;
    for (let round = 0; round < 20_000; round++) {
      let suffix = randomString(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
      if (rng() < 0.5) {
        // A word, whole or cut short by one, somewhere (possibly running past the end).
        const word = ID_PLACEHOLDER_WORDS[Math.floor(rng() * ID_PLACEHOLDER_WORDS.length)] as string;
        const part = rng() < 0.5 ? word : word.slice(0, -1);
        const at = Math.floor(rng() * 16);
        suffix = (suffix.slice(0, at) + part + suffix.slice(at)).slice(0, 16);
      }
      const bytes = Buffer.from(`xx${KEY_PREFIX.long}${suffix}yy`, 'latin1');
      const found = holdsPlaceholder(bytes, 6, 22);
      expect(found).toBe(expression.test(suffix));
      if (found) {
        expect(keyIdShape(suffix).plausible).toBe(false);
        held++;
      }
    }
    expect(held).toBeGreaterThan(3000);
  });

  it('reads only the bytes it is given', () => {
    const bytes = Buffer.from('ABXXXXCD', 'latin1');
    expect(holdsPlaceholder(bytes, 0, 8)).toBe(true);
    expect(holdsPlaceholder(bytes, 0, 5)).toBe(false);
    expect(holdsPlaceholder(bytes, 3, 8)).toBe(false);
  });
});

describe('readRun', () => {
  /** The maximal runs of the alphabet, as the run scanner hands them over (20 or more, a lower-case letter early on). */
  const scannerRuns = (text: string, all: boolean): Int32Array => {
    const runs: number[] = [];
    for (const m of text.matchAll(/[A-Za-z0-9+/]+/g))
      if (all || (m[0].length >= 20 && /[a-z]/.test(m[0].slice(0, 64)))) runs.push(m.index, m.index + m[0].length);
    return Int32Array.from(runs);
  };

  it("reads the same lines with the scanner's runs as by reading every character", () => {
    const rng = seededRandom(59);
    let wrappedBlobs = 0;
    for (let round = 0; round < 3000; round++) {
      const width = 4 * (15 + Math.floor(rng() * 10));
      const eol = rng() < 0.5 ? '\n' : '\r\n';
      const indent = rng() < 0.5 ? '' : ' '.repeat(Math.floor(rng() * 70));
      const lines: string[] = [];
      const count = 1 + Math.floor(rng() * 12);
      for (let k = 0; k < count; k++) {
        // Lines of the alphabet, some without a lower-case letter (not among the scanner's runs).
        let line = randomString(rng, rng() < 0.2 ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/' : BASE64, width);
        const defect = rng();
        if (defect < 0.04) line += 'A';
        else if (defect < 0.08) line = line.slice(0, Math.floor(rng() * width));
        else if (defect < 0.12) line = `${line.slice(0, -2)}==`;
        else if (defect < 0.16) line = `${line.slice(0, 10)} ${line.slice(11)}`;
        else if (defect < 0.2) line = `${line.slice(0, 30)}-${line.slice(31)}`;
        else if (defect < 0.22) line = `${line.slice(0, 30)}%2F${line.slice(33)}`;
        lines.push(line);
      }
      const text = `k: |${eol}${lines.map((line) => indent + line).join(eol)}${rng() < 0.5 ? eol : ''}`;
      const start = text.indexOf(lines[0] as string);
      const first = /^[A-Za-z0-9+/]*/.exec(lines[0] as string)![0];
      const expected = readRunForTest(text, start, start + first.length);
      expect(readRunForTest(text, start, start + first.length, scannerRuns(text, false))).toEqual(expected);
      expect(readRunForTest(text, start, start + first.length, scannerRuns(text, true))).toEqual(expected);
      if (expected.lines !== null && expected.lines.length > 4) wrappedBlobs++;
    }
    expect(wrappedBlobs).toBeGreaterThan(500);
  });
});

describe('long wrapped blobs', () => {
  /** The blob's lines, `width` characters each, indented and ended as given. */
  const wrap = (encoded: string, width: number, indent: string, eol: string): string =>
    (encoded.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).map((line) => indent + line).join(eol);

  it('are decoded by Node as the text they span: line breaks, indentation and padding as joined lines', () => {
    // What `decodeRun` relies on for a wrapped blob of more than 4,096 characters.
    const rng = seededRandom(47);
    for (let round = 0; round < 300; round++) {
      const plain = 4 * Math.floor(rng() * 1500) + [0, 2, 3][Math.floor(rng() * 3)]!;
      const padding = plain % 4 === 0 ? 0 : 4 - (plain % 4);
      const encoded = randomString(rng, BASE64, plain) + '='.repeat(Math.floor(rng() * (padding + 1)));
      const width = 4 * (15 + Math.floor(rng() * 20));
      const indent = [' ', '\t', '  ', ''][Math.floor(rng() * 4)]!.repeat(Math.floor(rng() * 5));
      const span = wrap(encoded, width, indent, rng() < 0.5 ? '\r\n' : '\n').slice(indent.length);
      expect(Buffer.from(span, 'base64')).toEqual(Buffer.from(encoded, 'base64'));
    }
  });

  it('find a key pair in a long blob, indented, with LF or CRLF line ends, in its middle and at its end', () => {
    const rng = seededRandom(53);
    const filler = 'plain words of a file that was encoded and wrapped. ';
    for (const [indent, eol, tail] of [
      ['    ', '\n', 5000],
      ['  ', '\r\n', 3000],
      ['\t', '\n', 10],
      ['', '\r\n', 0],
      ['      ', '\r\n', 1],
    ] as const) {
      const pair = fakePair(rng);
      // More than 4,096 characters of base64 before the pair, and `tail` bytes after it.
      const at = 3100 + Math.floor(rng() * 6000);
      const body = `${filler.repeat(200).slice(0, at)}\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n${filler.repeat(100).slice(0, tail)}`;
      const width = 76;
      const text = `apiVersion: v1${eol}data: |${eol}${wrap(b64(body), width, indent, eol)}${eol}`;
      const results = detect(text);
      expect(results.map((f) => f.rule)).toEqual(['aws-credential-pair']);
      // The id's first byte is decoded from the blob line that holds its first character.
      const idAt = body.indexOf(pair.id);
      const line = 3 + Math.floor(Math.floor((idAt * 4) / 3) / width);
      expect(results[0]!.line).toBe(line);
    }
  });
});

describe('nested base64 layers', () => {
  const rng = seededRandom(23);

  it('finds a key pair 1 to 3 layers down, on the blob line, and nothing 4 layers down (the depth limit)', () => {
    const pair = fakePair(rng);
    const ini = `[default]\naws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n`;
    for (const depth of [1, 2, 3])
      expect(found(`data:\n  blob: ${nest(ini, depth)}\n`)).toEqual(['aws-credential-pair@2']);
    expect(found(`data:\n  blob: ${nest(ini, 4)}\n`)).toEqual([]);
  });

  it('finds a bare key id that a layer of only base64 decodes to, at the depth limit and not past it', () => {
    const id = fakeAccessKeyId(rng);
    for (const depth of [1, 2, 3])
      expect(found(`k: ${nest(`${id} rotated`, depth)}\n`)).toEqual(['aws-access-key-id@1']);
    expect(found(`k: ${nest(`${id} rotated`, 4)}\n`)).toEqual([]);
  });

  it('finds a session token that is a whole layer (a layer of one base64 run with a token prefix)', () => {
    const token = fakeStsSessionToken(rng);
    for (const depth of [1, 2, 3]) expect(found(`t = ${nest(token, depth)}\n`)).toEqual(['aws-session-token@1']);
  });

  it('finds a long-term Bedrock key that is a whole layer', () => {
    const key = fakeBedrockKey(rng);
    for (const depth of [1, 2, 3]) expect(found(`k = ${nest(key, depth)}\n`)).toEqual(['aws-bedrock-api-key@1']);
  });

  it('finds at the depth limit what a layer there holds: an id after an escape, a short-term Bedrock key, an unlabeled pair', () => {
    const pair = fakePair(rng);
    const escaped = `{"env": "REGION=us-east-1\\nKEY=${pair.id}"}`;
    expect(found(`x: ${nest(escaped, 3)}\n`)).toEqual(['aws-access-key-id@1']);
    expect(found(`x: ${nest(`token ${fakeBedrockShortTermKey(rng)}`, 3)}\n`)).toEqual(['aws-bedrock-api-key@1']);
    expect(found(`x: ${nest(`${pair.id} ${pair.secret}`, 3)}\n`)).toEqual(['aws-credential-pair@1']);
    // A placeholder id there gives nothing, and neither does the same text one layer deeper.
    const placeholder = `k=${pair.id.slice(0, 16)}XXXX`;
    expect(found(`x: ${nest(placeholder, 3)}\n`)).toEqual([]);
    // An id one character short of a placeholder word is found there as it is on top.
    const near = `k=${pair.id.slice(0, 13)}XXX${pair.id.slice(16)}`;
    expect(found(`x: ${near}\n`)).toEqual(['aws-access-key-id@1']);
    expect(found(`x: ${nest(near, 3)}\n`)).toEqual(['aws-access-key-id@1']);
    expect(found(`x: ${nest(`${pair.id} ${pair.secret}`, 4)}\n`)).toEqual([]);
  });

  it('finds a key id in a layer made only of base64 runs ended by padding, and what those runs decode to', () => {
    const pair = fakePair(rng);
    const runs = [b64('plain words here'), `${pair.id}=`, b64(`aws_secret_access_key = ${pair.secret}`)].join('');
    expect(found(`x: ${b64(runs)}\n`)).toEqual(['aws-credential-pair@1']);
    const placeholder = `${pair.id.slice(0, 16)}XXXX`;
    expect(found(`x: ${b64([b64('plain words here'), `${placeholder}=`, b64('more words')].join(''))}\n`)).toEqual([]);
    expect(found(`x: ${b64([b64('some words, ok'), `${pair.id}=`].join(''))}\n`)).toEqual(['aws-access-key-id@1']);
  });

  it('finds a labeled secret under layers of only base64, many blobs in a row', () => {
    const lines = Array.from({ length: 50 }, () => `${nest(`note ${randomString(rng, BASE64, 30)}`, 2)} `);
    const secret = fakeSecretAccessKey(rng);
    lines[30] = `${nest(`AWS_SECRET_ACCESS_KEY=${secret}\n`, 3)}\n`;
    expect(found(lines.join('\n'))).toEqual(['aws-secret-access-key@31']);
  });

  it('pairs a key id and a secret decoded from two blobs on neighbouring lines', () => {
    const pair = fakePair(rng);
    const text = `a: ${nest(`aws_access_key_id=${pair.id}`, 2)}\nb: ${nest(`aws_secret_access_key=${pair.secret}`, 2)}\n`;
    expect(found(text)).toEqual(['aws-credential-pair@1']);
  });

  it('finds a key split between two lines of a wrapped blob, on one of its lines', () => {
    const pair = fakePair(rng);
    const filler = 'plain words of a file that was encoded and wrapped at 76 columns. '.repeat(3);
    // 57 bytes per 76-character line: the key id's bytes start 5 bytes before a line's end.
    const body = `${filler.slice(0, 57 * 3 - 5)}aws_access_key_id = ${pair.id}\naws_secret_access_key = ${pair.secret}\n${filler}`;
    const wrapped = b64(body).replace(/.{76}/g, '$&\n');
    const results = detect(`apiVersion: v1\ndata: |\n${wrapped}\n`);
    expect(results.map((f) => f.rule)).toEqual(['aws-credential-pair']);
    const line = results[0]!.line;
    expect(line === 5 || line === 6).toBe(true);
  });
});

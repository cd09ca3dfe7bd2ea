// Base64 runs that decode to text (a Kubernetes Secret `data:` value, a `.dockerconfigjson`, an env
// file passed as a blob, a wrapped `base64` output): each is scanned as a child scope whose findings
// point at the encoded text. A decoded sample rejects most runs (identifiers, hashes, binary) before
// anything is copied, and decoding has a global budget. Runs are decoded into reused byte buffers, one
// per depth, and the pass that tells whether the bytes are text also tells whether they are themselves
// one base64 run: such a layer (each layer of a nested blob but the last) that holds nothing the rules
// look for is decoded further as bytes, without becoming a string or a scope.
import { ALL_KEYWORDS, ANY_KEYWORD, prefixesOf } from './catalog.js';
import { ALNUM, DIGIT, LOWER, SYMBOL, TABLE, TOKEN, UPPER } from './char-class.js';
import { ID_RUN, PREFILTER_RUN, mayHoldCredentials } from './prefilter.js';
import { KEY_ID_LENGTH } from './rules/aws-access-key-id.js';
import { LONG_TERM_FIRST_CHAR, LONG_TERM_MIN_LENGTH } from './rules/aws-bedrock-api-key.js';
import { SESSION_TOKEN_FIRST_CHARS } from './rules/aws-session-token.js';
import { MAX_DEPTH, flavourNearStart, type Scope } from './scope.js';
import { ID_PLACEHOLDER_WORDS } from './shape.js';

/** A run of base64 characters shorter than this is not worth decoding. */
export const MIN_RUN = 20;
/** A wrapped base64 blob has lines of at least this length (76 for `base64`, 64 for PEM). */
const MIN_WRAPPED_LINE = 60;
const SAMPLE = 64;
/** Shortest value run the keyword rules read (the run scanner's `VALUE_RUN`). */
const VALUE_RUN = 20;
/** A short-term Bedrock key's prefix: the base64 after it is the key, not a layer. */
const BEDROCK_SHORT_TERM = prefixesOf('aws-bedrock-api-key').find((p) => p.temporary === true)!.text;

type Collect = (scope: Scope) => void;

/**
 * What `classifyDecoded` learnt about the bytes it last read (module state: no object per blob).
 * `oneRun`: the length of the run of the base64 alphabet that the text is, when it is one (only `=`
 * after it), or -1. `keyIdRun`: whether it holds a run of letters and digits as long as a key id (20
 * to 22, what the run scanner checks).
 */
let oneRun = -1;
let keyIdRun = false;
/** Whether the sample (the first bytes `classifyDecoded` was asked to read as one) looks like text. */
let sampleText = false;
/** Whether the bytes may hold a keyword (`KEYWORD_PAIRS`), or a keyword or the short-term Bedrock prefix (`LEAF_PAIRS`). */
let keywordPair = false;
let leafPair = false;

/**
 * Whether decoded bytes are text: at least 90% printable (a UTF-8 lead or continuation byte counts
 * half) and an ASCII letter somewhere. In the same pass: whether the text is itself one base64 run
 * (the layers of a nested blob are), which the scanner then reads without its pass over the
 * characters (`Scope.oneRun`); whether its first `sample` bytes pass `sampleLooksLikeText`; whether
 * it may hold a keyword or the short-term Bedrock prefix (two letters one of them starts with).
 */
function classifyDecoded(bytes: Uint8Array, n: number, sample = 0): boolean {
  oneRun = -1;
  keyIdRun = false;
  keywordPair = false;
  leafPair = false;
  if (n === 0) {
    sampleText = false;
    return false;
  }
  // First the run, read until a byte outside the alphabet. A run of letters and digits is measured
  // from where it started (`alnumFrom`) when it ends. Every byte of a run is printable, so a run (each
  // layer of a nested blob but the last) needs no other pass: it is text when it has a letter, and so
  // is its sample when a letter comes within it.
  const kinds = RUN_BYTE;
  const pairTable = (PAIRS ??= buildPairs());
  let pairs = 0;
  let prev = 0;
  let alnumFrom = 0;
  let i = 0;
  for (; i < n; i++) {
    const b = bytes[i] as number;
    const kind = kinds[b] as number;
    pairs |= pairTable[(prev << 8) | b] as number;
    prev = b;
    if ((kind & RUN_ALNUM) === 0) {
      const alnum = i - alnumFrom;
      if (alnum >= KEY_ID_LENGTH && alnum <= KEY_ID_LENGTH + 2) keyIdRun = true;
      alnumFrom = i + 1;
      if (!(kind & RUN_SYMBOL)) break;
    }
  }
  // The run ends at the end of the bytes, or at `=` padding that runs to the end.
  const plain = i;
  if (i === n) {
    const alnum = n - alnumFrom;
    if (alnum >= KEY_ID_LENGTH && alnum <= KEY_ID_LENGTH + 2) keyIdRun = true;
  } else if (bytes[i] === 61) {
    do i++;
    while (i < n && bytes[i] === 61);
  }
  if (i === n) {
    oneRun = plain;
    keywordPair = (pairs & PAIR_KEYWORD) !== 0;
    leafPair = (pairs & PAIR_LEAF) !== 0;
    let firstLetter = 0;
    while (firstLetter < plain && ((RUN_BYTE[bytes[firstLetter] as number] as number) & RUN_LETTER) === 0)
      firstLetter++;
    sampleText = firstLetter < plain && firstLetter < Math.min(sample, n);
    return firstLetter < plain;
  }
  // Not a run: scores in halves (`TEXT_BYTE`), the same sums as adding 1 and 0.5 without fractions;
  // over the first `sample` bytes, `sampleLooksLikeText`'s arithmetic too (a byte of 128 or more
  // counts half).
  const texts = TEXT_BYTE;
  const m = Math.min(sample, n);
  let score = 0;
  let letters = 0;
  let sampleScore = 0;
  pairs = 0;
  prev = 0;
  let k = 0;
  for (; k < m; k++) {
    const b = bytes[k] as number;
    const kind = texts[b] as number;
    score += kind & 3;
    sampleScore += (kind >> 2) & 3;
    letters |= kind;
    pairs |= pairTable[(prev << 8) | b] as number;
    prev = b;
  }
  const sampleLetters = letters;
  for (; k < n; k++) {
    const b = bytes[k] as number;
    const kind = texts[b] as number;
    score += kind & 3;
    letters |= kind;
    pairs |= pairTable[(prev << 8) | b] as number;
    prev = b;
  }
  keywordPair = (pairs & PAIR_KEYWORD) !== 0;
  leafPair = (pairs & PAIR_LEAF) !== 0;
  sampleText = m > 0 && sampleScore / 2 / m >= 0.9 && (sampleLetters & LETTER_BYTE) !== 0;
  return score / 2 / n >= 0.9 && (letters & LETTER_BYTE) !== 0;
}

/** What `classifyDecoded` answers and learns of `bytes` [0, n), as one object: for tests. */
export function classifyForTest(bytes: Uint8Array, n: number, sample = 0) {
  const text = classifyDecoded(bytes, n, sample);
  const idRun = oneRun >= 0 && hasIdRun(bytes, oneRun);
  return { text, oneRun, idRun, keyIdRun, sampleText, keywordPair, leafPair };
}

/**
 * Whether `bytes` [0, end) hold a run of `ID_RUN` upper-case letters and digits (what the prefilter
 * looks for besides a long run). Asked of a layer that is one run shorter than `PREFILTER_RUN` only.
 */
function hasIdRun(bytes: Uint8Array, end: number): boolean {
  let ids = 0;
  for (let i = 0; i < end; i++) {
    if ((RUN_BYTE[bytes[i] as number] as number) & RUN_ID) {
      if (++ids >= ID_RUN) return true;
    } else {
      ids = 0;
    }
  }
  return false;
}

/** In `RUN_BYTE`: a letter or digit; an upper-case letter or digit; a letter; `+` or `/`. */
const RUN_ALNUM = 1;
const RUN_ID = 2;
const RUN_LETTER = 4;
const RUN_SYMBOL = 8;
/** What the run pass of `classifyDecoded` needs to know of each byte (0 for bytes of 128 or more). */
const RUN_BYTE = new Uint8Array(256);
for (let b = 0; b < 128; b++) {
  const cls = TABLE[b] as number;
  RUN_BYTE[b] =
    (cls & ALNUM ? RUN_ALNUM : 0) |
    (cls & (UPPER | DIGIT) ? RUN_ID : 0) |
    (cls & (UPPER | LOWER) ? RUN_LETTER : 0) |
    (cls & SYMBOL ? RUN_SYMBOL : 0);
}

/** In `TEXT_BYTE`: an ASCII letter. */
const LETTER_BYTE = 16;
/**
 * For each byte: bits 0-1, its score as text in halves (2 printable, 1 a UTF-8 lead or continuation
 * byte, 0 otherwise); bits 2-3, its score in a sample (where every byte of 128 or more counts 1);
 * `LETTER_BYTE`.
 */
const TEXT_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const printable = (b >= 32 && b < 127) || b === 9 || b === 10 || b === 13;
  const utf8 = b >= 0x80 && b <= 0xf4 && (b < 0xc0 || b >= 0xc2);
  const letter = (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
  TEXT_BYTE[b] =
    (printable ? 2 : utf8 ? 1 : 0) | ((printable ? 2 : b >= 0x80 ? 1 : 0) << 2) | (letter ? LETTER_BYTE : 0);
}

const BASE64_VALUE = new Int8Array(128).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  BASE64_VALUE[c.charCodeAt(0)] = i;

/**
 * Decodes the first `SAMPLE` characters of a base64 run in place (no allocation) and tells whether
 * they are text: most runs in source files are identifiers, hashes or binary, and are rejected here.
 */
function sampleLooksLikeText(text: string, start: number, length: number): boolean {
  const n = Math.min(SAMPLE, length) & ~3;
  if (n === 0) return false;
  let score = 0;
  let bytes = 0;
  let letters = 0;
  const take = (byte: number): void => {
    bytes++;
    if ((byte >= 32 && byte < 127) || byte === 9 || byte === 10 || byte === 13) score += 1;
    else if (byte >= 0x80) score += 0.5;
    if ((byte | 0x20) >= 97 && (byte | 0x20) <= 122) letters++;
  };
  for (let i = start; i < start + n; i += 4) {
    const a = BASE64_VALUE[text.charCodeAt(i) & 127] as number;
    const b = BASE64_VALUE[text.charCodeAt(i + 1) & 127] as number;
    const c = BASE64_VALUE[text.charCodeAt(i + 2) & 127] as number;
    const d = BASE64_VALUE[text.charCodeAt(i + 3) & 127] as number;
    if (a < 0 || b < 0) return false;
    take((a << 2) | (b >> 4));
    if (c >= 0) take(((b & 15) << 4) | (c >> 2));
    if (c >= 0 && d >= 0) take(((c & 3) << 6) | d);
  }
  return score / bytes >= 0.9 && letters > 0;
}

/**
 * For a sample of `m` bytes, the most its bytes may fall short of a score of 1 each (a control byte
 * by 1, a byte of 128 or more by half), in halves, with `score / m >= 0.9` still true: once the bytes
 * read fall short by more, no byte after them can make the sample text.
 */
const SAMPLE_SHORTFALL = new Int32Array((SAMPLE >> 2) * 3 + 1);
for (let m = 1; m < SAMPLE_SHORTFALL.length; m++) {
  let d = 0;
  while ((m - (d + 0.5)) / m >= 0.9) d += 0.5;
  SAMPLE_SHORTFALL[m] = 2 * d;
}

/**
 * A run [start, start + length) of at most `SAMPLE` characters of the alphabet on one line, decoded
 * into `into` as `decodeChunks` would, while its sample is read as `sampleLooksLikeText` reads it:
 * returns the number of bytes, or -1 when the sample is not text, found as soon as the bytes decoded
 * so far fall short of it (most short runs are identifiers, rejected after a few groups).
 */
export function decodeShortRun(text: string, start: number, length: number, into: Uint8Array): number {
  const values = BASE64_VALUE;
  const whole = start + (length & ~3);
  const m = ((length & ~3) >> 2) * 3;
  if (m === 0) return -1;
  const most = SAMPLE_SHORTFALL[m] as number;
  const kinds = TEXT_BYTE;
  // The shortfall in halves: 2 less the byte's score in a sample (`TEXT_BYTE` bits 2-3).
  let shortfall = 0;
  let letters = 0;
  let out = 0;
  for (let i = start; i < whole; i += 4) {
    const group =
      ((values[text.charCodeAt(i) & 127] as number) << 18) |
      ((values[text.charCodeAt(i + 1) & 127] as number) << 12) |
      ((values[text.charCodeAt(i + 2) & 127] as number) << 6) |
      (values[text.charCodeAt(i + 3) & 127] as number);
    const a = (group >> 16) & 255;
    const b = (group >> 8) & 255;
    const c = group & 255;
    into[out] = a;
    into[out + 1] = b;
    into[out + 2] = c;
    out += 3;
    const ka = kinds[a] as number;
    const kb = kinds[b] as number;
    const kc = kinds[c] as number;
    shortfall += 6 - ((ka >> 2) & 3) - ((kb >> 2) & 3) - ((kc >> 2) & 3);
    letters |= ka | kb | kc;
    if (shortfall > most) return -1;
  }
  if (!(letters & LETTER_BYTE)) return -1;
  const rest = length & 3;
  if (rest >= 2) {
    const a = values[text.charCodeAt(whole) & 127] as number;
    const b = values[text.charCodeAt(whole + 1) & 127] as number;
    into[out++] = ((a << 2) | (b >> 4)) & 255;
    if (rest === 3) into[out++] = (((b & 15) << 4) | ((values[text.charCodeAt(whole + 2) & 127] as number) >> 2)) & 255;
  }
  return out;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/**
 * What `readRun` last read (module state: no object per run): the run's characters, padding
 * included, and the source ranges of its lines, flat (the start and end of each in turn), when it is
 * a wrapped blob of more than one line (null for one line). `=` padding only at the end of the last.
 */
let readLength = 0;
let readLines: Int32Array | null = null;

/**
 * The line ranges of the wrapped blob `readRun` is reading, reused from one blob to the next: a blob
 * of a hundred thousand lines pushed onto a JavaScript array would cost more than decoding it.
 */
let wrapped = new Int32Array(64);

/**
 * The run starting at `start` whose base64 characters end at `plainEnd`, with padding and wrapped
 * lines (`readLength`, `readLines`). Returns the offset where scanning resumes. `runs` [next, count):
 * the runs of the alphabet the run scanner found after this one (`LayerWork`, flat), in order: a
 * line that is one of them, as long as the first, is taken without reading its characters again.
 */
function readRun(text: string, start: number, plainEnd: number, runs: Int32Array, next: number, count: number): number {
  let end = plainEnd;
  while (end < plainEnd + 2 && text.charCodeAt(end) === 61) end++;
  readLength = end - start;
  readLines = null;
  const first = plainEnd - start;
  if (!(end === plainEnd && first >= MIN_WRAPPED_LINE && first % 4 === 0 && isLineBreak(text.charCodeAt(end))))
    return end;
  let chunks = wrapped;
  chunks[0] = start;
  chunks[1] = end;
  let lineCount = 2;
  let total = end - start;
  let k = next;
  const table = TABLE;
  const n = text.length;
  let p = end;
  for (;;) {
    if (text.charCodeAt(p) === 13) p++;
    if (text.charCodeAt(p) !== 10) break;
    p++;
    let q = p;
    while (q < p + 64 && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
    // The scanner's runs are whole: one that starts at `q` ends where reading would stop.
    while (k < count && (runs[k] as number) < q) k += 2;
    let r = q;
    if (k < count && runs[k] === q && runs[k + 1] === q + first) {
      r = q + first;
    } else {
      const stop = Math.min(q + first, n - 1);
      for (; r <= stop; r++) {
        const c = text.charCodeAt(r);
        if (c >= 128 || !((table[c] as number) & TOKEN)) break;
      }
    }
    let padded = r;
    while (padded < r + 2 && text.charCodeAt(padded) === 61) padded++;
    const length = r - q;
    if (length === 0 || length > first || !(padded >= n || isLineBreak(text.charCodeAt(padded)))) break;
    if (lineCount + 2 > chunks.length) {
      const grown = new Int32Array(chunks.length * 2);
      grown.set(chunks);
      chunks = grown;
      wrapped = grown;
    }
    chunks[lineCount] = q;
    chunks[lineCount + 1] = padded;
    lineCount += 2;
    total += padded - q;
    p = padded;
    if (length !== first || padded !== r) break;
  }
  if (lineCount === 2) return end;
  readLength = total;
  readLines = chunks.slice(0, lineCount);
  return chunks[lineCount - 1] as number;
}

/** What `readRun` reads from `start`, with `runs` as the scanner's or none: for tests. */
export function readRunForTest(text: string, start: number, plainEnd: number, runs: Int32Array = new Int32Array(0)) {
  const end = readRun(text, start, plainEnd, runs, 0, runs.length);
  return { end, length: readLength, lines: readLines === null ? null : [...readLines] };
}

/** The one line of a run that is not a wrapped blob, as `decodeChunks` reads lines. */
const ONE_LINE = new Int32Array(2);

type MapRange = (start: number, end: number) => [number, number] | undefined;

/**
 * What a range of the text decoded from the run at `start` maps to in the text it was read from:
 * the run's line the range comes from (`lines`, null for a run of one line, [start, firstEnd)).
 */
function lineMap(start: number, firstEnd: number, lines: Int32Array | null): MapRange {
  if (lines === null) return () => [start, firstEnd];
  const count = lines.length / 2;
  const lineLength = firstEnd - start;
  return (s: number): [number, number] => {
    const line = 2 * Math.min(count - 1, Math.floor(Math.floor((s * 4) / 3) / lineLength));
    return [lines[line] as number, lines[line + 1] as number];
  };
}

/**
 * The bytes decoded for each depth of layer, reused from one run to the next. A layer's bytes stay
 * until a sibling at the same depth is decoded: its descendants decode into deeper slots. A run of
 * more than `KEPT` bytes gets a buffer of its own, let go once the run is done.
 */
const KEPT = 1 << 16;
/** A run longer than this is decoded by Node.js (faster per character than `decodeChunks`). */
const NATIVE = 4096;
const slots: Uint8Array[] = [];
/** `slots[d]` seen as a Node.js buffer (the same memory), to turn its bytes into a string. */
const slotTexts: Array<{ toString(encoding: 'latin1' | 'utf8', start: number, end: number): string }> = [];
/** How many bytes `slots[d]` holds (for a layer that was not turned into a string). */
const slotLengths: number[] = [];

function slotFor(depth: number, size: number): Uint8Array {
  const have = slots[depth];
  if (have !== undefined && have.length >= size) return have;
  const made = new Uint8Array(size > KEPT ? size : KEPT);
  slots[depth] = made;
  slotTexts[depth] = Buffer.from(made.buffer);
  return made;
}

/** Lets the buffers of more than `KEPT` bytes from `depth` down go. */
function releaseBigSlots(depth: number): void {
  for (let d = depth; d < slots.length; d++) {
    if ((slots[d]?.length ?? 0) > KEPT) {
      slots[d] = new Uint8Array(KEPT);
      slotTexts[d] = Buffer.from((slots[d] as Uint8Array).buffer);
    }
  }
}

function slotText(depth: number, n: number, ascii: boolean): string {
  return (slotTexts[depth] as (typeof slotTexts)[number]).toString(ascii ? 'latin1' : 'utf8', 0, n);
}

/**
 * Decodes the `plain` base64 characters of the run's chunks (its padding left out) into `into`, as
 * `Buffer.from(encoded, 'base64')` does: 6 bits a character, the bits of a last partial byte dropped.
 * Returns the number of bytes.
 */
export function decodeChunks(text: string, chunks: ArrayLike<number>, plain: number, into: Uint8Array): number {
  const values = BASE64_VALUE;
  let left = plain;
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (let k = 0; k < chunks.length; k += 2) {
    const from = chunks[k] as number;
    const to = chunks[k + 1] as number;
    const end = Math.min(to, from + left);
    left -= end - from;
    let i = from;
    if (bits === 0) {
      // Whole groups of four characters, three bytes each (every line of a wrapped blob but the last
      // holds only whole groups).
      for (; i + 4 <= end; i += 4) {
        const group =
          ((values[text.charCodeAt(i) & 127] as number) << 18) |
          ((values[text.charCodeAt(i + 1) & 127] as number) << 12) |
          ((values[text.charCodeAt(i + 2) & 127] as number) << 6) |
          (values[text.charCodeAt(i + 3) & 127] as number);
        into[out] = group >> 16;
        into[out + 1] = group >> 8;
        into[out + 2] = group;
        out += 3;
      }
    }
    for (; i < end; i++) {
      acc = ((acc & 0x3ffff) << 6) | (values[text.charCodeAt(i) & 127] as number);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        into[out++] = (acc >> bits) & 255;
      }
    }
  }
  return out;
}

/** `decodeChunks` of the first `plain` bytes of `bytes` (a layer that is itself one base64 run). */
function decodeBytes(bytes: Uint8Array, plain: number, into: Uint8Array): number {
  const values = BASE64_VALUE;
  let out = 0;
  let i = 0;
  for (; i + 4 <= plain; i += 4) {
    const group =
      ((values[(bytes[i] as number) & 127] as number) << 18) |
      ((values[(bytes[i + 1] as number) & 127] as number) << 12) |
      ((values[(bytes[i + 2] as number) & 127] as number) << 6) |
      (values[(bytes[i + 3] as number) & 127] as number);
    into[out] = group >> 16;
    into[out + 1] = group >> 8;
    into[out + 2] = group;
    out += 3;
  }
  // The last two or three characters: one or two bytes, the bits of a last partial byte dropped.
  const rest = plain - i;
  if (rest >= 2) {
    const a = values[(bytes[i] as number) & 127] as number;
    const b = values[(bytes[i + 1] as number) & 127] as number;
    into[out++] = ((a << 2) | (b >> 4)) & 255;
    if (rest === 3) into[out++] = (((b & 15) << 4) | ((values[(bytes[i + 2] as number) & 127] as number) >> 2)) & 255;
  }
  return out;
}

/**
 * `sampleLooksLikeText` of a run [0, length) held as bytes (every byte of the base64 alphabet, so
 * every group of the sample gives three bytes).
 */
function sampleOfBytesLooksLikeText(bytes: Uint8Array, length: number): boolean {
  const n = Math.min(SAMPLE, length) & ~3;
  if (n === 0) return false;
  let score = 0;
  let letters = 0;
  for (let i = 0; i < n; i += 4) {
    const group =
      ((BASE64_VALUE[bytes[i] as number] as number) << 18) |
      ((BASE64_VALUE[bytes[i + 1] as number] as number) << 12) |
      ((BASE64_VALUE[bytes[i + 2] as number] as number) << 6) |
      (BASE64_VALUE[bytes[i + 3] as number] as number);
    for (let shift = 16; shift >= 0; shift -= 8) {
      const byte = (group >> shift) & 255;
      if ((byte >= 32 && byte < 127) || byte === 9 || byte === 10 || byte === 13) score += 1;
      else if (byte >= 0x80) score += 0.5;
      if ((byte | 0x20) >= 97 && (byte | 0x20) <= 122) letters++;
    }
  }
  return score / ((n / 4) * 3) >= 0.9 && letters > 0;
}
/**
 * How many of a run's decoded bytes `sampleLooksLikeText` reads, for a run of `length` characters of
 * the alphabet: the sample's groups are the run's first whole groups, so their bytes are the first
 * decoded ones.
 */
function sampleBytes(length: number): number {
  return ((Math.min(SAMPLE, length) & ~3) >> 2) * 3;
}

/**
 * For each byte, the second letters (bit `letter - a`) that follow it, as a lower-case letter, at the
 * start of one of `words` (each starting with two letters). A text without such a pair, in any letter
 * case, holds none of the words.
 */
function pairTable(words: readonly string[]): Int32Array {
  const table = new Int32Array(256);
  for (const word of words) {
    if (!/^[a-z]{2}/.test(word)) throw new Error('words must start with two lower-case letters');
    for (const first of [word.charCodeAt(0), word.charCodeAt(0) - 32])
      table[first] = (table[first] as number) | (1 << (word.charCodeAt(1) - 97));
  }
  return table;
}

/** The catalog's keywords. */
const KEYWORD_WORDS: readonly string[] = ALL_KEYWORDS.map(({ word }) => word);
/** The keywords and the short-term Bedrock prefix: what a layer at the depth limit is searched for by text. */
const LEAF_WORDS: readonly string[] = [...KEYWORD_WORDS, BEDROCK_SHORT_TERM];
const KEYWORD_PAIRS = pairTable(KEYWORD_WORDS);
const LEAF_PAIRS = pairTable(LEAF_WORDS);

/** `ANY_KEYWORD` or the short-term Bedrock prefix: what a layer at the depth limit is searched for by text. */
const LEAF_WORD = new RegExp(`${ANY_KEYWORD.source}|${BEDROCK_SHORT_TERM}`, 'i');

/**
 * Whether the text `bytes` [0, n) decode to holds a keyword of the catalog (`ANY_KEYWORD`), or, for a
 * layer at the depth limit (`leaf`), the short-term Bedrock prefix too, in any letter case. The bytes
 * are read as Latin-1: the expressions match ASCII letters only, and the ASCII characters of the text
 * are the ASCII bytes in order (a byte of 128 or more never decodes to one). Asked only where the pair
 * tables said a word may start (a few percent of random base64 has such a pair, `se` or `be`, and
 * almost none the whole word), so that such a layer need not become a scope.
 */
export function holdsWord(bytes: Uint8Array, n: number, leaf: boolean): boolean {
  return (leaf ? LEAF_WORD : ANY_KEYWORD).test(Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1'));
}

/** In `PAIRS`: the two bytes start a word of `LEAF_PAIRS`; of `KEYWORD_PAIRS`. */
const PAIR_LEAF = 1;
const PAIR_KEYWORD = 2;
/**
 * For each two bytes (the first shifted by 8), whether they may start a word of `LEAF_PAIRS` or
 * `KEYWORD_PAIRS`: one look-up a byte, where the two tables would take a test of the letter. Made on
 * first use (64 KB that a commit without base64 never needs, and the hook starts on every commit).
 */
let PAIRS: Uint8Array | undefined;
function buildPairs(): Uint8Array {
  const table = new Uint8Array(1 << 16);
  for (let first = 0; first < 256; first++) {
    for (let b = 0; b < 256; b++) {
      const letter = (b | 0x20) - 97;
      if (letter < 0 || letter >= 26) continue;
      table[(first << 8) | b] =
        (((LEAF_PAIRS[first] as number) >> letter) & 1 ? PAIR_LEAF : 0) |
        (((KEYWORD_PAIRS[first] as number) >> letter) & 1 ? PAIR_KEYWORD : 0);
    }
  }
  return table;
}

/** A run of this many characters of the alphabet and `=` may hold a prefixed token or a long-term Bedrock key. */
const LONGEST_QUIET_RUN = 63;
/** The first letter of every key id prefix. */
const KEY_ID_FIRST = 65; // A
/** The characters of a key id after its 4-character prefix: what its shape is asked of. */
const KEY_ID_SUFFIX = KEY_ID_LENGTH - 4;

/**
 * Whether a layer at the depth limit (nothing is decoded below it) whose text these bytes are gives
 * no candidate, so that it need not become a scope. Its rules could report only: a key id (a run of
 * 20 to 22 letters and digits whose last 20 start with `A`, and then only with a plausible shape,
 * asked of the file's memo as the rule would), a prefixed token or long-term Bedrock key (64 and 113
 * characters at least: a run of the alphabet with its padding, escapes aside), a labeled value (a
 * keyword), a short-term Bedrock key (its prefix), an unlabeled secret (only near a key id). Bytes of
 * 128 or more stand for characters outside every alphabet, as in the text they decode to. The
 * bytes are the ones `classifyDecoded` just read (its `leafPair`).
 */
function leafFindsNothing(scope: Scope, bytes: Uint8Array, n: number): boolean {
  const table = TABLE;
  let alnum = 0;
  let run = 0;
  for (let i = 0; i <= n; i++) {
    const b = i < n ? (bytes[i] as number) : 32;
    if (b === 37 || b === 92) return false; // an escape: a value may run across it
    const cls = b < 128 ? (table[b] as number) : 0;
    if (cls & TOKEN || b === 61) {
      if (++run > LONGEST_QUIET_RUN) return false;
    } else {
      run = 0;
    }
    if (cls & ALNUM) {
      alnum++;
      continue;
    }
    if (alnum >= KEY_ID_LENGTH && alnum <= KEY_ID_LENGTH + 2 && plausibleKeyIdBefore(scope, bytes, i)) return false;
    alnum = 0;
  }
  return !leafPair || !holdsWord(bytes, n, true);
}

/**
 * Whether the key id that a run of letters and digits ending at `end` would be (its last 20
 * characters) starts with `A` and has a plausible shape, asked of the file's memo as the rule would.
 * `keyIdShape` rejects 16 characters holding a placeholder word before anything else: that is
 * looked for in the bytes first, so a placeholder id costs no string, no memo slot and no regular
 * expression.
 */
function plausibleKeyIdBefore(scope: Scope, bytes: Uint8Array, end: number): boolean {
  const i = end - KEY_ID_SUFFIX;
  if (bytes[end - KEY_ID_LENGTH] !== KEY_ID_FIRST) return false;
  if (holdsPlaceholder(bytes, i, end)) return false;
  const suffix = String.fromCharCode(...bytes.subarray(i, end));
  return scope.keyIdShape(suffix).plausible;
}

/**
 * The placeholder words of `keyIdShape`, as bytes, and for each byte the words (bits) it starts
 * (fewer than 32 words: the test checks).
 */
const PLACEHOLDERS = ID_PLACEHOLDER_WORDS.map((word) => Uint8Array.from(word, (c) => c.charCodeAt(0)));
const PLACEHOLDER_FIRST = new Int32Array(256);
PLACEHOLDERS.forEach((word, k) => {
  PLACEHOLDER_FIRST[word[0] as number] = (PLACEHOLDER_FIRST[word[0] as number] as number) | (1 << k);
});

/** Whether `bytes` [from, end) hold a placeholder word of `keyIdShape` (what `ID_PLACEHOLDER` matches). */
export function holdsPlaceholder(bytes: Uint8Array, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    let words = PLACEHOLDER_FIRST[bytes[i] as number] as number;
    while (words !== 0) {
      const k = 31 - Math.clz32(words);
      words &= ~(1 << k);
      const word = PLACEHOLDERS[k] as Uint8Array;
      if (i + word.length > end) continue;
      let j = 1;
      while (j < word.length && bytes[i + j] === word[j]) j++;
      if (j === word.length) return true;
    }
  }
  return false;
}

/**
 * Whether a layer that is one base64 run [0, end) (`oneRun`, with no run of 20 to 22 letters and
 * digits) gives the rules nothing but its own run to decode: the run scanner would find no key id,
 * its first character starts no prefixed session token or long-term Bedrock key, and no keyword
 * rule would look at it (no value run, or no keyword). Such a layer is not turned into text.
 */
function onlyItsRun(bytes: Uint8Array, end: number): boolean {
  const first = bytes[0] as number;
  if (end >= 12 && SESSION_TOKEN_FIRST_CHARS.has(first)) return false;
  if (first === LONG_TERM_FIRST_CHAR && end >= LONG_TERM_MIN_LENGTH) return false;
  return end < VALUE_RUN || !keywordPair || !holdsWord(bytes, end, false);
}

function hasLowerCaseByte(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const b = bytes[i] as number;
    if (b >= 97 && b <= 122) return true;
  }
  return false;
}

/**
 * Whether the text of a layer skipped as bytes at `depth` is about AWS near its start, where the
 * layer decoded from it sits (what `Scope.flavour(0)` of its scope would answer first).
 */
function skippedFlavour(from: number, to: number): boolean {
  for (let d = from; d < to; d++) if (flavourNearStart(slotText(d, slotLengths[d] as number, true))) return true;
  return false;
}

/**
 * The layer `levels` below `scope` whose bytes `classifyDecoded` just read into `slots[depth]`. A
 * layer that is one base64 run and gives the rules nothing else (`onlyItsRun`) is decoded further
 * as bytes, exactly as its scope's rules would (`scanRuns`, then `scanBase64Run` on its one run),
 * without a string or a scope; the first layer that holds anything else becomes a scope: a child of
 * `scope` (one level down) or a descendant whose findings point at the run `scope` decoded, and whose
 * view of the AWS words around it includes the skipped layers'.
 */
function enterLayer(
  scope: Scope,
  levels: number,
  n: number,
  at: number,
  firstEnd: number,
  lines: Int32Array | null,
  pinned: number,
  collect: Collect,
): void {
  const depth = scope.depth + levels;
  const whole = oneRun;
  // Text nothing can start from (prefilter.ts) makes no scope: many small blobs stay cheap. For one
  // run, the prefilter's answer is already known: a run of 27 or more, or 20 `A-Z0-9` in it.
  if (whole >= 0 && whole < PREFILTER_RUN && !hasIdRun(slots[depth] as Uint8Array, whole)) return;
  const bytes = slots[depth] as Uint8Array;
  if (whole >= 0 && !keyIdRun && onlyItsRun(bytes, whole)) {
    // What the scope's rules would do: its one run, if it is decoded at all (`scanLayers`,
    // `onTokenRun`, `scanBase64Run`, `readRun`, `decodeRun`, in that order).
    if (depth >= MAX_DEPTH || whole < MIN_RUN || !hasLowerCaseByte(bytes, Math.min(whole, 64))) return;
    // A short run is decoded whole at once, and its sample read from the bytes.
    if ((whole > SAMPLE && !sampleOfBytesLooksLikeText(bytes, whole)) || whole % 4 === 1) return;
    const length = whole + Math.min(2, n - whole);
    if (scope.budget.decoded < length) return;
    const into = slotFor(depth + 1, Math.floor((whole * 3) / 4));
    const m = decodeBytes(bytes, whole, into);
    const isText = classifyDecoded(into, m, whole <= SAMPLE ? sampleBytes(whole) : 0);
    if ((whole <= SAMPLE && !sampleText) || !isText) return;
    scope.budget.decoded -= length;
    slotLengths[depth] = n;
    // Everything below maps to what the first layer maps its run [0, length) to (`pinned`).
    enterLayer(scope, levels + 1, m, at, firstEnd, lines, levels === 1 ? length : pinned, collect);
    return;
  }
  if (depth >= MAX_DEPTH && leafFindsNothing(scope, bytes, n)) return;
  const decoded = slotText(depth, n, whole >= 0);
  if (whole < 0 && !mayHoldCredentials(decoded)) return;
  const map = lineMap(at, firstEnd, lines);
  let child: Scope;
  if (levels === 1) {
    child = scope.child(decoded, map, at);
  } else {
    const range = map(0, pinned);
    child = scope.descendant(
      decoded,
      levels,
      () => range,
      at,
      () => skippedFlavour(scope.depth + 1, depth),
    );
  }
  // One run without a place a key id could be: the run scanner knows the rest without reading it.
  if (whole >= 0 && !keyIdRun) child.oneRun = whole;
  collect(child);
}

/**
 * Decodes the run [start, end) that `readRun` read (`length` characters, `lines` when wrapped) and
 * scans it (`enterLayer`), its sample already found to be text. `decoded`: how many bytes
 * `decodeShortRun` already decoded into the depth's slot (a short run on one line), or -1.
 */
function decodeRun(
  scope: Scope,
  start: number,
  end: number,
  length: number,
  lines: Int32Array | null,
  collect: Collect,
  decoded: number,
): void {
  const { text } = scope;
  let plainLength = length;
  while (plainLength > 0 && text.charCodeAt(end - (length - plainLength) - 1) === 61) plainLength--;
  if (plainLength % 4 === 1) return;
  // JWT parts decode to JSON but are not credential carriers: keyguard never reports JWTs.
  if (text.charCodeAt(start - 1) === 46 || (text.startsWith('eyJ', start) && text.charCodeAt(end) === 46)) return;
  // A short-term Bedrock key is base64 of a presigned request: reported as the key, not as its parts.
  if (text.startsWith(BEDROCK_SHORT_TERM, start - BEDROCK_SHORT_TERM.length)) return;
  if (scope.budget.decoded < length) return;
  const depth = scope.depth + 1;
  let n: number;
  if (decoded >= 0) {
    n = decoded;
  } else if (plainLength > NATIVE) {
    // A long run: Node's decoder is faster per character than `decodeChunks`. A wrapped blob is
    // decoded as the text it spans: Node's decoder skips the line breaks and the indentation between
    // its lines (`\r`, `\n`, spaces and tabs, all that `readRun` lets through) and stops at the padding,
    // which only the last line has.
    const bytes = Buffer.from(text.slice(start, lines === null ? start + plainLength : end), 'base64');
    slots[depth] = bytes;
    slotTexts[depth] = bytes;
    n = bytes.length;
  } else {
    let chunks = lines;
    if (chunks === null) {
      chunks = ONE_LINE;
      chunks[0] = start;
      chunks[1] = end;
    }
    n = decodeChunks(text, chunks, plainLength, slotFor(depth, Math.floor((plainLength * 3) / 4)));
  }
  if (!classifyDecoded(slots[depth] as Uint8Array, n)) {
    if (n > KEPT) releaseBigSlots(depth);
    return;
  }
  scope.budget.decoded -= length;
  enterLayer(scope, 1, n, start, lines === null ? end : (lines[1] as number), lines, -1, collect);
  if (n > KEPT) releaseBigSlots(scope.depth + 1);
}

/**
 * Decodes the base64 run the run scanner found at [start, end) and scans it as a child scope when it
 * is text. Returns where the run (with its padding and wrapped lines) ends, or undefined when a
 * decoded sample already says it is not text. `runs` [next, count): the runs found after it (`readRun`).
 */
export function scanBase64Run(
  scope: Scope,
  start: number,
  end: number,
  collect: Collect,
  runs: Int32Array,
  next: number,
  count: number,
): number | undefined {
  const { text } = scope;
  const length = end - start;
  let decoded = -1;
  if (length <= SAMPLE) {
    // A short run is decoded once, its sample read as it is decoded (and the decoding stopped as soon
    // as the sample cannot be text).
    decoded = decodeShortRun(text, start, length, slotFor(scope.depth + 1, (length >> 2) * 3 + 2));
    if (decoded < 0) return undefined;
  } else if (!sampleLooksLikeText(text, start, length)) {
    // Most runs are identifiers, hashes or binary: a decoded sample rejects them before anything is copied.
    return undefined;
  }
  const runEnd = readRun(text, start, end, runs, next, count);
  const lines = readLines;
  decodeRun(scope, start, runEnd, readLength, lines, collect, lines === null ? decoded : -1);
  return runEnd;
}

// Text inside text: base64 runs that decode to text (a Kubernetes Secret `data:` value, a
// `.dockerconfigjson`, an env file passed as a blob, a wrapped `base64` output), and string literals
// split with a concatenation operator (`"AKIA" + "..."`, Python's adjacent literals, PHP's `.`). Each is
// scanned as a child scope whose findings point at the encoded text. One pass over the characters
// finds both; every decision looks at a bounded neighbourhood, and decoding has a global budget.
import { ALL_PREFIXES } from './catalog.js';
import { QUOTE, TOKEN, classOf } from './char-class.js';
import { PAIR_WINDOW_CHARS, secretValueAt } from './rules/aws-secret-access-key.js';
import { mayHoldCredentials } from './prefilter.js';
import type { Scope } from './scope.js';

export const MIN_RUN = 20;
/** A wrapped base64 blob has lines of at least this length (76 for `base64`, 64 for PEM). */
const MIN_WRAPPED_LINE = 60;
const SAMPLE = 64;
const MAX_PIECE = 100;
const MAX_PIECES = 16;
const MAX_PREFIX = 120;
/** Child scopes made from concatenations, per file: a file of a million `"a" + "b"` stays fast. */
const MAX_JOINS = 5_000;

type Collect = (scope: Scope) => void;

function printableRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let score = 0;
  for (const b of bytes) {
    if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13) score += 1;
    else if (b >= 0xc2 && b <= 0xf4) score += 0.5; // a UTF-8 lead byte: text, probably
    else if (b >= 0x80 && b < 0xc0) score += 0.5;
  }
  return score / bytes.length;
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (printableRatio(bytes) < 0.9) return false;
  for (const b of bytes) if ((b >= 65 && b <= 90) || (b >= 97 && b <= 122)) return true;
  return false;
}

const BASE64_VALUE = new Int8Array(128).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, i) => (BASE64_VALUE[c.charCodeAt(0)] = i));

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

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

interface Run {
  /** Source ranges of the run's lines (one unless the blob is wrapped). */
  chunks: Array<[number, number]>;
  encoded: string;
  /** Offset where scanning resumes. */
  end: number;
}

/** The run starting at `start` whose base64 characters end at `plainEnd`, with padding and wrapped lines. */
function readRun(text: string, start: number, plainEnd: number): Run {
  let end = plainEnd;
  while (end < plainEnd + 2 && text.charCodeAt(end) === 61) end++;
  const first = plainEnd - start;
  const chunks: Array<[number, number]> = [[start, end]];
  const parts = [text.slice(start, end)];
  if (end === plainEnd && first >= MIN_WRAPPED_LINE && first % 4 === 0 && isLineBreak(text.charCodeAt(end))) {
    let p = end;
    for (;;) {
      if (text.charCodeAt(p) === 13) p++;
      if (text.charCodeAt(p) !== 10) break;
      p++;
      let q = p;
      while (q < p + 64 && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
      let r = q;
      while (r <= q + first && classOf(text.charCodeAt(r)) & TOKEN) r++;
      let padded = r;
      while (padded < r + 2 && text.charCodeAt(padded) === 61) padded++;
      const length = r - q;
      if (length === 0 || length > first || !(padded >= text.length || isLineBreak(text.charCodeAt(padded)))) break;
      chunks.push([q, padded]);
      parts.push(text.slice(q, padded));
      p = padded;
      if (length !== first || padded !== r) break;
    }
  }
  const last = chunks[chunks.length - 1] as [number, number];
  return { chunks, encoded: parts.length === 1 ? (parts[0] as string) : parts.join(''), end: last[1] };
}

function decodeRun(scope: Scope, run: Run, collect: Collect): void {
  const { text } = scope;
  const [start] = run.chunks[0] as [number, number];
  let plainLength = run.encoded.length;
  while (plainLength > 0 && run.encoded.charCodeAt(plainLength - 1) === 61) plainLength--;
  if (plainLength % 4 === 1) return;
  // JWT parts decode to JSON but are not credential carriers (DESIGN.md: never JWTs).
  if (text.charCodeAt(start - 1) === 46 || (run.encoded.startsWith('eyJ') && text.charCodeAt(run.end) === 46)) return;
  // A short-term Bedrock key is base64 of a presigned request: reported as the key, not as its parts.
  if (text.startsWith('bedrock-api-key-', start - 16)) return;
  if (scope.budget.decoded < run.encoded.length) return;
  const bytes = Buffer.from(run.encoded, 'base64');
  if (!looksLikeText(bytes)) return;
  scope.budget.decoded -= run.encoded.length;
  const decoded = bytes.toString('utf8');
  // Text nothing can start from (prefilter.ts) makes no scope: many small blobs stay cheap.
  if (!mayHoldCredentials(decoded)) return;
  const { chunks } = run;
  const lineLength = (chunks[0] as [number, number])[1] - start;
  const map =
    chunks.length === 1
      ? (): [number, number] => chunks[0] as [number, number]
      : (s: number): [number, number] => chunks[Math.min(chunks.length - 1, Math.floor(Math.floor((s * 4) / 3) / lineLength))] as [number, number];
  collect(scope.child(decoded, map, start));
}

function skipBlanks(text: string, p: number, max: number): number {
  const limit = p + max;
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (c !== 32 && c !== 9) break;
    p++;
  }
  return p;
}

/** Length of a concatenation operator at `p` (`+ ++ . .. & || ~ <> \`), or 0. */
function operatorAt(text: string, p: number): number {
  const c = text.charCodeAt(p);
  const d = text.charCodeAt(p + 1);
  if ((c === 43 && d === 43) || (c === 46 && d === 46) || (c === 124 && d === 124) || (c === 60 && d === 62)) return 2;
  return c === 43 || c === 46 || c === 38 || c === 126 || c === 92 ? 1 : 0;
}

/** Index of the opening quote of the next literal when a concatenation follows the quote at `close`. */
function junctionAfter(text: string, close: number): number {
  // Shell (and C, Python) adjacent literals: `"abc""def"`, `'abc''def'`.
  if (text.charCodeAt(close + 1) === text.charCodeAt(close)) return close + 1;
  let p = skipBlanks(text, close + 1, 8);
  let joined = p > close + 1;
  const op = operatorAt(text, p);
  if (op > 0) {
    joined = true;
    p = skipBlanks(text, p + op, 8);
  }
  const c = text.charCodeAt(p);
  if (c === 10 || c === 13) {
    if (c === 13) p++;
    if (text.charCodeAt(p) === 10) p++;
    joined = true;
    p = skipBlanks(text, p, 80);
    const op2 = op > 0 ? 0 : operatorAt(text, p);
    if (op2 > 0) p = skipBlanks(text, p + op2, 8);
  }
  return joined && classOf(text.charCodeAt(p)) & QUOTE ? p : -1;
}

// The first four characters of every prefix of the catalog that a string literal can hold (letters,
// digits, `+`, `/`: not the dashes of `bedrock-api-key-`). Found in joined literals, they make the
// chain worth scanning even when it is short.
const WORTH_JOINING = new RegExp(
  [...new Set(ALL_PREFIXES.map(({ prefix }) => prefix.text).filter((t) => /^[A-Za-z0-9+/]+$/.test(t)).map((t) => t.slice(0, 4)))].join('|'),
);

const seen = new Uint8Array(128);

/** Distinct characters of an ASCII string (the alphabet of literal pieces), without allocating. */
function distinctAscii(value: string): number {
  let distinct = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) & 127;
    if (!seen[c]) {
      seen[c] = 1;
      distinct++;
    }
  }
  for (let i = 0; i < value.length; i++) seen[value.charCodeAt(i) & 127] = 0;
  return distinct;
}

export interface Chain {
  /** Content ranges of the literals, in order. */
  pieces: Array<[number, number]>;
  /** Offset of the last closing quote. */
  end: number;
}

/**
 * The chain of concatenated literals whose first literal closes at `close`, or undefined. Only chains
 * whose joined text could hold a credential are returned (a key-id or token prefix with enough
 * distinct characters, or 40+ characters of mixed content); the scanner skips past the others.
 */
export function chainAt(text: string, close: number): Chain | { skipTo: number } | undefined {
  let a = close;
  while (a > close - MAX_PIECE && classOf(text.charCodeAt(a - 1)) & TOKEN) a--;
  // A chain starts with a literal of two characters or more (nobody splits `"A" + "KIA..."`).
  if (close - a < 2 || !(classOf(text.charCodeAt(a - 1)) & QUOTE)) return undefined;
  // Piece boundaries as a flat list [start0, end0, start1, end1, ...]: no allocation per piece.
  const bounds: number[] = [a, close];
  let end = close;
  let total = close - a;
  while (bounds.length < 2 * MAX_PIECES) {
    const open = junctionAfter(text, end);
    if (open < 0) break;
    let b = open + 1;
    while (b < open + 1 + MAX_PIECE && classOf(text.charCodeAt(b)) & TOKEN) b++;
    if (b === open + 1 || !(classOf(text.charCodeAt(b)) & QUOTE)) break;
    bounds.push(open + 1, b);
    total += b - open - 1;
    end = b;
  }
  if (bounds.length < 4) return undefined;
  if (total < 16) return { skipTo: end };
  let joined = '';
  for (let k = 0; k < bounds.length; k += 2) joined += text.slice(bounds[k], bounds[k + 1]);
  const distinct = distinctAscii(joined);
  if ((joined.length >= 40 && distinct >= 18) || (distinct >= 8 && WORTH_JOINING.test(joined))) {
    const pieces: Array<[number, number]> = [];
    for (let k = 0; k < bounds.length; k += 2) pieces.push([bounds[k] as number, bounds[k + 1] as number]);
    return { pieces, end };
  }
  return { skipTo: end };
}

/** Scans the joined literals of `chain` as a child scope; findings point at the first literal's line. */
/** How many more concatenations this file may decode (see MAX_JOINS). */
export function joinsLeft(scope: Scope): number {
  return Math.max(0, MAX_JOINS - scope.budget.joins);
}

function joinLiterals(scope: Scope, chain: Chain, collect: Collect): void {
  const { text } = scope;
  if (scope.budget.joins >= MAX_JOINS) return;
  scope.budget.joins++;
  const { pieces } = chain;
  const [a] = pieces[0] as [number, number];
  let joined = '';
  for (const [s, e] of pieces) joined += text.slice(s, e);
  // The child text keeps the line's start, so a keyword before the first literal still names the value.
  // When the first literal opens its line (Python's `X = (` then literals below), keep the line above too.
  const lead = text.slice(Math.max(0, a - 1 - MAX_PREFIX), a - 1);
  const lineStart = lead.lastIndexOf('\n');
  const blank = /^[\s([{,+]*$/.test(lead.slice(lineStart + 1));
  const prefix = lead.slice((blank && lineStart > 0 ? lead.lastIndexOf('\n', lineStart - 1) : lineStart) + 1);
  let firstLineEnd = (pieces[0] as [number, number])[1];
  for (const [, e] of pieces) {
    if (text.slice(a, e).includes('\n')) break;
    firstLineEnd = e;
  }
  // The prefix was scanned in this scope already: the child decodes no layer in it.
  const child = scope.child(`${prefix}"${joined}"`, (s) => (s > prefix.length ? [a, firstLineEnd] : undefined), a, prefix.length);
  collect(child);
  // A secret split in literals with no label, near a key id of this scope: a candidate for pairing.
  if (joined.length === 40 && scope.hasKeyIdNear(a, PAIR_WINDOW_CHARS)) {
    const value = secretValueAt(child.text, prefix.length + 1);
    if (value && scope.plausibleSecret(value.value, 'nearby-id')) child.add('secret', value.value, value.start, value.end, { labeled: false });
  }
}

/** A base64 run or a chain of concatenated literals found by the run scanner, decoded after the scope's own rules ran. */
export type LayerWork = { kind: 'run'; start: number; end: number } | { kind: 'join'; chain: Chain };

/** Decodes and scans what the run scanner found (children of this scope, to a bounded depth). */
export function scanLayers(scope: Scope, work: readonly LayerWork[], collect: Collect): void {
  if (!scope.canDescend) return;
  const { text } = scope;
  let resume = 0;
  for (const item of work) {
    if ((item.kind === 'run' ? item.start : (item.chain.pieces[0] as [number, number])[0]) < scope.layersFrom) continue;
    if (item.kind === 'run') {
      if (item.start < resume) continue;
      // Most runs are identifiers, hashes or binary: test a decoded sample before copying anything.
      if (!sampleLooksLikeText(text, item.start, item.end - item.start)) continue;
      const run = readRun(text, item.start, item.end);
      decodeRun(scope, run, collect);
      resume = run.end;
    } else {
      joinLiterals(scope, item.chain, collect);
    }
  }
}

/** Quick test for the character after a closing quote: can a concatenation follow? */
export function mayJoinAfter(code: number): boolean {
  // space, tab, + . & | ~ < \ CR LF, and a quote (adjacent literals)
  return code === 34 || code === 39 || code === 32 || code === 9 || code === 43 || code === 46 || code === 38 || code === 124 || code === 126 || code === 60 || code === 92 || code === 10 || code === 13;
}

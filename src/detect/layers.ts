// Text inside text: base64 runs that decode to text (a Kubernetes Secret `data:` value, a
// `.dockerconfigjson`, an env file passed as a blob, a wrapped `base64` output), and string literals
// split with a concatenation operator (`"AKIA" + "..."`, Python's adjacent literals, PHP's `.`). Each is
// scanned as a child scope whose findings point at the encoded text. One pass over the characters
// finds both; every decision looks at a bounded neighbourhood, and decoding has a global budget.
import { QUOTE, TOKEN, classOf } from './char-class.js';
import type { Scope } from './scope.js';

const MIN_RUN = 20;
/** A wrapped base64 blob has lines of at least this length (76 for `base64`, 64 for PEM). */
const MIN_WRAPPED_LINE = 60;
const SAMPLE = 128;
const MAX_PIECE = 100;
const MAX_PIECES = 16;
const MAX_PREFIX = 200;
/** Child scopes made from concatenations, per file: a file of a million `"a" + "b"` stays fast. */
const MAX_JOINS = 20_000;

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
  return { chunks, encoded: parts.join(''), end: last[1] };
}

function decodeRun(scope: Scope, run: Run, collect: Collect): void {
  const { text } = scope;
  const [start] = run.chunks[0] as [number, number];
  const plain = run.encoded.replace(/=+$/, '');
  if (plain.length % 4 === 1) return;
  // JWT parts decode to JSON but are not credential carriers (DESIGN.md: never JWTs).
  if (text.charCodeAt(start - 1) === 46 || (run.encoded.startsWith('eyJ') && text.charCodeAt(run.end) === 46)) return;
  const sample = Buffer.from(run.encoded.slice(0, Math.min(SAMPLE, plain.length) & ~3), 'base64');
  if (!looksLikeText(sample)) return;
  if (scope.budget.decoded < run.encoded.length) return;
  const bytes = Buffer.from(run.encoded, 'base64');
  if (!looksLikeText(bytes)) return;
  scope.budget.decoded -= run.encoded.length;
  const decoded = bytes.toString('utf8');
  const { chunks } = run;
  const lineLength = (chunks[0] as [number, number])[1] - start;
  const map =
    chunks.length === 1
      ? (): [number, number] => chunks[0] as [number, number]
      : (s: number): [number, number] => chunks[Math.min(chunks.length - 1, Math.floor(Math.floor((s * 4) / 3) / lineLength))] as [number, number];
  collect(scope.child(decoded, map, start));
}

/** Index of the opening quote of the next literal when a concatenation follows the quote at `close`. */
function junctionAfter(text: string, close: number): number {
  let p = close + 1;
  let joined = false;
  const spaces = (max: number): void => {
    const from = p;
    while (p < from + max && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    if (p > from) joined = true;
  };
  const operator = (): boolean => {
    const two = text.slice(p, p + 2);
    if (two === '++' || two === '..' || two === '||' || two === '<>') p += 2;
    else if ('+.&~\\'.includes(text[p] ?? '\0')) p += 1;
    else return false;
    joined = true;
    return true;
  };
  spaces(8);
  const op = operator();
  spaces(8);
  if (isLineBreak(text.charCodeAt(p))) {
    if (text.charCodeAt(p) === 13) p++;
    if (text.charCodeAt(p) === 10) p++;
    joined = true;
    spaces(80);
    if (!op) operator();
    spaces(8);
  }
  return joined && classOf(text.charCodeAt(p)) & QUOTE ? p : -1;
}

const WORTH_JOINING = /AKIA|ASIA|ABIA|ACCA|A3T|ABSK|IQoJ|FwoG|FQoG/;

/** Handles the literal closing at `close`; returns where scanning resumes. */
function joinLiterals(scope: Scope, close: number, collect: Collect): number {
  const { text } = scope;
  let a = close;
  while (a > close - MAX_PIECE && classOf(text.charCodeAt(a - 1)) & TOKEN) a--;
  if (a === close || !(classOf(text.charCodeAt(a - 1)) & QUOTE)) return close + 1;
  const pieces: Array<[number, number]> = [[a, close]];
  let end = close;
  while (pieces.length < MAX_PIECES) {
    const open = junctionAfter(text, end);
    if (open < 0) break;
    let b = open + 1;
    while (b < open + 1 + MAX_PIECE && classOf(text.charCodeAt(b)) & TOKEN) b++;
    if (b === open + 1 || !(classOf(text.charCodeAt(b)) & QUOTE)) break;
    pieces.push([open + 1, b]);
    end = b;
  }
  if (pieces.length < 2) return close + 1;
  const joined = pieces.map(([s, e]) => text.slice(s, e)).join('');
  const distinct = new Set(joined).size;
  if (!((WORTH_JOINING.test(joined) && distinct >= 8) || (joined.length >= 40 && distinct >= 18))) return end + 1;
  if (scope.budget.joins >= MAX_JOINS) return end + 1;
  scope.budget.joins++;
  // The child text keeps the line's start, so a keyword before the first literal still names the value.
  const lead = text.slice(Math.max(0, a - 1 - MAX_PREFIX), a - 1);
  const prefix = lead.slice(lead.lastIndexOf('\n') + 1);
  let firstLineEnd = close;
  for (const [, e] of pieces) {
    if (text.slice(a, e).includes('\n')) break;
    firstLineEnd = e;
  }
  const child = `${prefix}"${joined}"`;
  collect(scope.child(child, (s) => (s > prefix.length ? [a, firstLineEnd] : undefined), a));
  return end + 1;
}

/** Finds base64 runs and concatenated literals in the scope's text and scans each as a child scope. */
export function scanLayers(scope: Scope, collect: Collect): void {
  if (!scope.canDescend) return;
  const { text } = scope;
  const n = text.length;
  let runStart = -1;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const cls = code < 128 ? classOf(code) : 0;
    if (cls & TOKEN) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      const start = runStart;
      runStart = -1;
      if (i - start >= MIN_RUN) {
        const run = readRun(text, start, i);
        decodeRun(scope, run, collect);
        if (run.end > i) {
          i = run.end - 1;
          continue;
        }
      }
      if (cls & QUOTE) i = joinLiterals(scope, i, collect) - 1;
    }
  }
  if (runStart >= 0 && n - runStart >= MIN_RUN) decodeRun(scope, readRun(text, runStart, n), collect);
}

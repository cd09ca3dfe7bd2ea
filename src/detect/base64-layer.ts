// Base64 runs that decode to text (a Kubernetes Secret `data:` value, a `.dockerconfigjson`, an env
// file passed as a blob, a wrapped `base64` output): each is scanned as a child scope whose findings
// point at the encoded text. A decoded sample rejects most runs (identifiers, hashes, binary) before
// anything is copied, and decoding has a global budget.
import { prefixesOf } from './catalog.js';
import { TOKEN, classOf } from './char-class.js';
import { mayHoldCredentials } from './prefilter.js';
import type { Scope } from './scope.js';

/** A run of base64 characters shorter than this is not worth decoding. */
export const MIN_RUN = 20;
/** A wrapped base64 blob has lines of at least this length (76 for `base64`, 64 for PEM). */
const MIN_WRAPPED_LINE = 60;
const SAMPLE = 64;
/** A short-term Bedrock key's prefix: the base64 after it is the key, not a layer. */
const BEDROCK_SHORT_TERM = prefixesOf('aws-bedrock-api-key').find((p) => p.temporary === true)!.text;

type Collect = (scope: Scope) => void;

function printableRatio(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let score = 0;
  for (const b of bytes) {
    if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13) score += 1;
    else if (b >= 0xc2 && b <= 0xf4)
      score += 0.5; // a UTF-8 lead byte: text, probably
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
  // JWT parts decode to JSON but are not credential carriers: keyguard never reports JWTs.
  if (text.charCodeAt(start - 1) === 46 || (run.encoded.startsWith('eyJ') && text.charCodeAt(run.end) === 46)) return;
  // A short-term Bedrock key is base64 of a presigned request: reported as the key, not as its parts.
  if (text.startsWith(BEDROCK_SHORT_TERM, start - BEDROCK_SHORT_TERM.length)) return;
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
      : (s: number): [number, number] =>
          chunks[Math.min(chunks.length - 1, Math.floor(Math.floor((s * 4) / 3) / lineLength))] as [number, number];
  collect(scope.child(decoded, map, start));
}

/**
 * Decodes the base64 run the run scanner found at [start, end) and scans it as a child scope when it
 * is text. Returns where the run (with its padding and wrapped lines) ends, or undefined when a
 * decoded sample already says it is not text.
 */
export function scanBase64Run(scope: Scope, start: number, end: number, collect: Collect): number | undefined {
  // Most runs are identifiers, hashes or binary: test a decoded sample before copying anything.
  if (!sampleLooksLikeText(scope.text, start, end - start)) return undefined;
  const run = readRun(scope.text, start, end);
  decodeRun(scope, run, collect);
  return run.end;
}

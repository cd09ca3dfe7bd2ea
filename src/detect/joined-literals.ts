// String literals split with a concatenation operator (`"AKIA" + "..."`, Python's adjacent literals,
// PHP's `.`): the joined text is scanned as a child scope whose findings point at the first literal's
// line. Every decision looks at a bounded neighbourhood of the closing quote, and a file makes at most
// MAX_JOINS child scopes.
import { ALL_PREFIXES } from './catalog.js';
import { QUOTE, TOKEN, classOf } from './char-class.js';
import { PAIR_WINDOW_CHARS, secretValueAt } from './rules/aws-secret-access-key.js';
import type { Scope } from './scope.js';

const MAX_PIECE = 100;
const MAX_PIECES = 16;
const MAX_PREFIX = 120;
/** Child scopes made from concatenations, per file: a file of a million `"a" + "b"` stays fast. */
const MAX_JOINS = 5_000;

type Collect = (scope: Scope) => void;

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
  [
    ...new Set(
      ALL_PREFIXES.map(({ prefix }) => prefix.text)
        .filter((t) => /^[A-Za-z0-9+/]+$/.test(t))
        .map((t) => t.slice(0, 4)),
    ),
  ].join('|'),
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

/** How many more concatenations this file may decode (see MAX_JOINS). */
export function joinsLeft(scope: Scope): number {
  return Math.max(0, MAX_JOINS - scope.budget.joins);
}

/** Scans the joined literals of `chain` as a child scope; findings point at the first literal's line. */
export function scanJoinedLiterals(scope: Scope, chain: Chain, collect: Collect): void {
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
  const child = scope.child(
    `${prefix}"${joined}"`,
    (s) => (s > prefix.length ? [a, firstLineEnd] : undefined),
    a,
    prefix.length,
  );
  collect(child);
  // A secret split in literals with no label, near a key id of this scope: a candidate for pairing.
  if (joined.length === 40 && scope.hasKeyIdNear(a, PAIR_WINDOW_CHARS)) {
    const value = secretValueAt(child.text, prefix.length + 1);
    if (value && scope.plausibleSecret(value.value, 'nearby-id'))
      child.add('secret', value.value, value.start, value.end, { labeled: false });
  }
}

/** Quick test for the character after a closing quote: can a concatenation follow? */
export function mayJoinAfter(code: number): boolean {
  // space, tab, + . & | ~ < \ CR LF, and a quote (adjacent literals)
  return (
    code === 34 ||
    code === 39 ||
    code === 32 ||
    code === 9 ||
    code === 43 ||
    code === 46 ||
    code === 38 ||
    code === 124 ||
    code === 126 ||
    code === 60 ||
    code === 92 ||
    code === 10 ||
    code === 13
  );
}

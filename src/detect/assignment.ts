// Reading "NAME <glue> VALUE" without a parser per language. A keyword hit (`secret`, `session`...) is
// widened to the identifier or human label around it, then the glue after it is skipped: quotes,
// `= : => -> := ,`, brackets, XML tags, a few filler words (`value`, `string`, `[None]`), and at most
// one line break where the syntax puts the value on the next line (YAML `- name: X` / `value: ...`,
// plist `<key>` / `<string>`, HCL `default =`). This one rule covers shell, dotenv, INI, JSON, YAML,
// HCL, Python, JS/TS, Java/Kotlin/properties, Go, C#, PHP, Ruby, Dockerfile, XML, Markdown and logs.
// Every loop here is bounded by a small constant, so a dense run of keyword hits stays linear.
import { ALNUM, LOWER, NAME, TOKEN, UPPER, classAt, classOf, isHexCode } from './char-class.js';
import { tokenStartsAt } from './token-reader.js';

const NAME_LEFT_MAX = 64;
const NAME_RIGHT_MAX = 80;
const GLUE_MAX = 120;

export interface NameSpan {
  start: number;
  end: number;
  /** Lower-case letters and digits of the name (and of a preceding `AWS` / `Amazon` word). */
  normalized: string;
  /** The name as written (for case-sensitive hints such as `SessionToken`). */
  raw: string;
}

/**
 * Calls `visit(start)` for each occurrence of the keyword `word` (any letter case), in order.
 * `visit` returns the offset to resume from (the end of the name it read), so the hits inside one long
 * identifier are visited once. The search uses `indexOf` on the tail `word.slice(tailFrom)` in lower
 * and upper case; tails are chosen so that no two keywords share a first letter: a text of one
 * repeated letter then slows down at most one search.
 */
export function forEachKeyword(text: string, word: string, tailFrom: number, visit: (start: number) => number): void {
  const lower = word.slice(tailFrom);
  const upper = lower.toUpperCase();
  const head = word.slice(0, tailFrom);
  let resume = 0;
  let a = text.indexOf(lower, tailFrom);
  let b = text.indexOf(upper, tailFrom);
  while (a !== -1 || b !== -1) {
    const useLower = b === -1 || (a !== -1 && a < b);
    const h = useLower ? a : b;
    const start = h - tailFrom;
    if (start >= resume && headMatches(text, start, head)) resume = Math.max(resume, visit(start));
    const from = Math.max(h + 1, resume + tailFrom);
    if (useLower) a = text.indexOf(lower, from);
    else b = text.indexOf(upper, from);
    if (a !== -1 && a < from) a = text.indexOf(lower, from);
    if (b !== -1 && b < from) b = text.indexOf(upper, from);
  }
}

function headMatches(text: string, start: number, head: string): boolean {
  for (let k = 0; k < head.length; k++) if ((text.charCodeAt(start + k) | 0x20) !== head.charCodeAt(k)) return false;
  return true;
}

/** The end of the identifier run containing `i` (for skipping past text that is not a name). */
export function nameRunEnd(text: string, i: number): number {
  let end = i;
  while (classAt(text, end) & NAME) end++;
  return end;
}

const LABEL_WORDS = new Set(['access', 'key', 'keys', 'id', 'token']);

/**
 * The identifier or label containing the keyword at [kwStart, kwEnd): `aws_secret_access_key`,
 * `cloud.aws.credentials.secret-key`, `AWS Secret Access Key`. Undefined when the identifier is longer
 * than any real name (then it is not a name but a run of text).
 */
export function nameAround(text: string, kwStart: number, kwEnd: number): NameSpan | undefined {
  let start = kwStart;
  while (start > 0 && classAt(text, start - 1) & NAME) {
    if (kwStart - start >= NAME_LEFT_MAX) return undefined;
    start--;
  }
  let end = kwEnd;
  for (;;) {
    while (classAt(text, end) & NAME) {
      if (end - kwStart >= NAME_RIGHT_MAX) return undefined;
      end++;
    }
    // Human labels: `Secret access key`, `Session Token`.
    if (text.charCodeAt(end) !== 32) break;
    let w = end + 1;
    while (w < end + 8 && classAt(text, w) & ALNUM) w++;
    // The label words are 2 to 6 letters long.
    if (w - end < 3 || !LABEL_WORDS.has(text.slice(end + 1, w).toLowerCase()) || classAt(text, w) & ALNUM) break;
    end = w;
  }
  let raw = text.slice(start, end);
  // A preceding `AWS ` / `Amazon ` word belongs to the label (`AWS Secret Access Key [None]:`).
  if (text.charCodeAt(start - 1) === 32) {
    const before = text.slice(Math.max(0, start - 8), start - 1);
    const m = /(?:^|[^A-Za-z])(aws|amazon)$/i.exec(before);
    if (m) raw = `${m[1]} ${raw}`;
  }
  return { start, end, normalized: normalizeName(raw), raw };
}

const normalized = new Map<string, string>();

let lastRaw = '';
let lastNormalized = '';

/**
 * Lower-case letters and digits of a name (memoized: files repeat their names, most often the name
 * just asked for, which a string comparison finds without hashing the name for the map).
 */
function normalizeName(raw: string): string {
  if (raw === lastRaw) return lastNormalized;
  let value = normalized.get(raw);
  if (value === undefined) {
    value = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (normalized.size >= 4096) normalized.clear();
    normalized.set(raw, value);
  }
  lastRaw = raw;
  lastNormalized = value;
  return value;
}

/** Memoizes a classification of names (a pure function of its argument). */
export function memoizeByName<T>(classify: (name: string) => T): (name: string) => T {
  const memo = new Map<string, T>();
  return (name) => {
    if (memo.has(name)) return memo.get(name) as T;
    const value = classify(name);
    if (memo.size >= 4096) memo.clear();
    memo.set(name, value);
    return value;
  };
}

// Words allowed between a name and its value: `<add key="X" value="..."/>`, `[None]`, `<string>`,
// `String x = `, `default = `, "the key is ...".
const FILLER_WORDS = new Set(['value', 'values', 'string', 'str', 'none', 'default', 'key', 'val', 'is', 'to', 'text']);
const GLUE = 1;
const ASSIGN = 2;
const GLUE_TABLE = new Uint8Array(128);
for (const c of ` \t"'\`=:>(),[]{}|\\*-@`) GLUE_TABLE[c.charCodeAt(0)] = GLUE;
for (const c of '=:>|{') GLUE_TABLE[c.charCodeAt(0)] = GLUE | ASSIGN;

/**
 * Unicode spaces (no-break space, the typographic spaces, the ideographic space): text pasted from a
 * wiki, a chat or a word processor puts them around `=` and `:` where a file had plain spaces.
 */
function isUnicodeSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff ||
    code === 0x1680
  );
}

function glueOf(code: number): number {
  if (code < 128) return GLUE_TABLE[code] as number;
  return isUnicodeSpace(code) ? GLUE : 0;
}

/** True when at least `min` logical characters of the alphabet start at `p` (no string is built). */
function tokenAtLeast(text: string, p: number, min: number): boolean {
  let count = 0;
  let i = p;
  while (count < min) {
    if (classOf(text.charCodeAt(i)) & TOKEN) {
      i++;
      count++;
    } else if (tokenStartsAt(text, i)) {
      i += text.charCodeAt(i) === 37 ? 3 : text.charCodeAt(i + 1) === 47 ? 2 : 6;
      count++;
    } else {
      return false;
    }
  }
  return true;
}

/** Offset of the `>` closing a simple tag (`<td>`, `</key>`, `<string>`, `<add key="x">`) at `p`, or -1. */
function tagEnd(text: string, p: number): number {
  let q = p + 1;
  if (text.charCodeAt(q) === 47) q++;
  if (!(classAt(text, q) & (UPPER | LOWER))) return -1;
  const limit = Math.min(text.length, p + 48);
  for (; q < limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 62) return q;
    if (c === 60 || c === 10 || c === 13) return -1;
  }
  return -1;
}

const FILLERS_BY_LENGTH: string[][] = [];
for (const word of FILLER_WORDS) (FILLERS_BY_LENGTH[word.length] ??= []).push(word);

/** True when text[start, end) is a filler word, in any letter case (no string is built). */
function isFillerWord(text: string, start: number, end: number): boolean {
  const candidates = FILLERS_BY_LENGTH[end - start];
  if (!candidates) return false;
  outer: for (const word of candidates) {
    for (let k = 0; k < word.length; k++)
      if ((text.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

/** True when the line starting at `i` begins (after indentation, `-` and `<`) with `value` or `string`. */
function lineStartsWithValueWord(text: string, i: number): boolean {
  let p = i;
  while (p < i + 80 && /[ \t\-<"']/.test(text[p] ?? '')) p++;
  const m = /^(?:value|string)(?![A-Za-z])/i.exec(text.slice(p, p + 8));
  return m !== null;
}

/**
 * Offset where the value assigned to the name ending at `nameEnd` starts, or -1. A value is a run of
 * the secret/base64 alphabet of at least `minValue` characters; a shorter run must be a filler word.
 */
export function valueStartAfter(text: string, nameEnd: number, minValue: number): number {
  let p = nameEnd;
  const limit = Math.min(text.length, nameEnd + GLUE_MAX);
  let assign = false;
  let newlines = 0;
  while (p < limit) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) {
      if (newlines > 0) return -1;
      const next = c === 13 && text.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
      if (!assign && !lineStartsWithValueWord(text, next)) return -1;
      newlines++;
      p = next;
      continue;
    }
    if (c === 92 /* \ */ || c === 37 /* % */) {
      if (tokenStartsAt(text, p)) return p; // an escaped `/` or `+` opens the value
      if (c === 37) {
        if (!isHexCode(text.charCodeAt(p + 1)) || !isHexCode(text.charCodeAt(p + 2))) return -1;
        const decoded = glueOf(parseInt(text.slice(p + 1, p + 3), 16));
        if (!decoded) return -1;
        if (decoded & ASSIGN) assign = true;
        p += 3;
        continue;
      }
      p++;
      continue;
    }
    if (c === 60 /* < */) {
      // An XML/HTML tag between label and value: `</key><string>`, `</td><td>`.
      const close = tagEnd(text, p);
      if (close < 0) return -1;
      assign = true;
      p = close + 1;
      continue;
    }
    const glue = glueOf(c);
    if (glue) {
      if (glue & ASSIGN) assign = true;
      p++;
      continue;
    }
    if (!(classOf(c) & TOKEN)) return -1;
    if (tokenAtLeast(text, p, minValue)) return p;
    // A short run: only a filler word may stand between a name and its value.
    let w = p;
    while (classAt(text, w) & ALNUM) w++;
    if (!isFillerWord(text, p, w)) return -1;
    p = w;
  }
  return -1;
}

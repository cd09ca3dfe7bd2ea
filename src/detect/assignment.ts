// Reading "NAME <glue> VALUE" without a parser per language. A keyword hit (`secret`, `session`...) is
// widened to the identifier or human label around it, then the glue after it is skipped: quotes,
// `= : => -> := ,`, brackets, XML tags, a few filler words (`value`, `string`, `[None]`), and at most
// one line break where the syntax puts the value on the next line (YAML `- name: X` / `value: ...`,
// plist `<key>` / `<string>`, HCL `default =`). This one rule covers shell, dotenv, INI, JSON, YAML,
// HCL, Python, JS/TS, Java/Kotlin/properties, Go, C#, PHP, Ruby, Dockerfile, XML, Markdown and logs.
// Every loop here is bounded by a small constant, so a dense run of keyword hits stays linear.
import { ALNUM, NAME, TOKEN, classAt, classOf, isHexCode } from './char-class.js';
import { readToken, tokenStartsAt } from './token-reader.js';

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

/** Every offset of `needle` in `text`, in order. */
export function indexesOf(text: string, needle: string): number[] {
  const hits: number[] = [];
  for (let h = text.indexOf(needle); h !== -1; h = text.indexOf(needle, h + 1)) hits.push(h);
  return hits;
}

/** Offsets of the keyword `word` (lower-case, e.g. `secret`) written `secret`, `Secret` or `SECRET`. */
export function keywordHits(text: string, word: string): number[] {
  const tail = word.slice(1);
  const first = word.charCodeAt(0);
  const hits: number[] = [];
  for (const needle of [tail, tail.toUpperCase()]) {
    for (let h = text.indexOf(needle, 1); h !== -1; h = text.indexOf(needle, h + 1)) {
      const c = text.charCodeAt(h - 1) | 0x20;
      if (c === first) hits.push(h - 1);
    }
  }
  return hits.sort((a, b) => a - b);
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
    if (!LABEL_WORDS.has(text.slice(end + 1, w).toLowerCase()) || classAt(text, w) & ALNUM) break;
    end = w;
  }
  let raw = text.slice(start, end);
  // A preceding `AWS ` / `Amazon ` word belongs to the label (`AWS Secret Access Key [None]:`).
  if (text.charCodeAt(start - 1) === 32) {
    const before = text.slice(Math.max(0, start - 8), start - 1);
    const m = /(?:^|[^A-Za-z])(aws|amazon)$/i.exec(before);
    if (m) raw = `${m[1]} ${raw}`;
  }
  return { start, end, normalized: raw.toLowerCase().replace(/[^a-z0-9]/g, ''), raw };
}

// Words allowed between a name and its value: `<add key="X" value="..."/>`, `[None]`, `<string>`,
// `String x = `, `default = `, "the key is ...".
const FILLER_WORDS = new Set(['value', 'values', 'string', 'str', 'none', 'default', 'key', 'val', 'is', 'to', 'text']);
const GLUE_CHARS = new Set([...` \t"'\`=:>(),[]{}|\\*-@`].map((c) => c.charCodeAt(0)));
const ASSIGN_CHARS = new Set([...'=:>|{'].map((c) => c.charCodeAt(0)));

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
        const decoded = parseInt(text.slice(p + 1, p + 3), 16);
        if (!GLUE_CHARS.has(decoded)) return -1;
        if (ASSIGN_CHARS.has(decoded)) assign = true;
        p += 3;
        continue;
      }
      p++;
      continue;
    }
    if (c === 60 /* < */) {
      // An XML/HTML tag between label and value: `</key><string>`, `</td><td>`.
      const close = text.indexOf('>', p);
      if (close === -1 || close - p > 48 || !/^<\/?[A-Za-z][\w:.-]*(?:\s[^<>\n]*)?\/?>$/.test(text.slice(p, close + 1))) return -1;
      assign = true;
      p = close + 1;
      continue;
    }
    if (GLUE_CHARS.has(c)) {
      if (ASSIGN_CHARS.has(c)) assign = true;
      p++;
      continue;
    }
    const cls = classOf(c);
    if (!(cls & TOKEN)) return -1;
    const token = readToken(text, p, { max: minValue });
    if (token.value.length >= minValue) return p;
    // A short run: only a filler word may stand between a name and its value.
    let w = p;
    while (classAt(text, w) & ALNUM) w++;
    if (!FILLER_WORDS.has(text.slice(p, w).toLowerCase())) return -1;
    p = w;
  }
  return -1;
}

// Reads a value of the secret/base64 alphabet starting at an offset, decoding on the fly the escapes a
// value picks up when it is embedded in JSON (`\/`, `\u002F`), URL-encoded (`%2F`, `%2B`, `%3D`), so a
// finding keeps exact source columns without building a decoded copy of the text.
import { TOKEN, classOf } from './char-class.js';

export interface Token {
  /** The logical (decoded) value. */
  value: string;
  /** Source offsets [start, end). */
  start: number;
  end: number;
}

export interface ReadOptions {
  /** Stop after this many logical characters (the caller then knows the value is longer). */
  max: number;
  /** Accept up to two trailing `=` (base64 padding), also as `%3D` / `\u003D`. */
  padding?: boolean;
}

/**
 * Length of the escape at `i` and the character it stands for, or 0 when there is none.
 * Only the characters of the alphabet that need escaping are decoded: `/`, `+` and `=`.
 */
export function escapeAt(text: string, i: number): [number, string] | undefined {
  const c = text.charCodeAt(i);
  if (c === 92) {
    // backslash
    const next = text.charCodeAt(i + 1);
    if (next === 47) return [2, '/'];
    if (next === 117 && text.charCodeAt(i + 2) === 48 && text.charCodeAt(i + 3) === 48) {
      const hex = text.slice(i + 4, i + 6).toLowerCase();
      if (hex === '2f') return [6, '/'];
      if (hex === '2b') return [6, '+'];
      if (hex === '3d') return [6, '='];
    }
    return undefined;
  }
  if (c === 37) {
    // percent
    const hex = text.slice(i + 1, i + 3).toLowerCase();
    if (hex === '2f') return [3, '/'];
    if (hex === '2b') return [3, '+'];
    if (hex === '3d') return [3, '='];
  }
  return undefined;
}

/** Length of a `/`, `+` or `=` escape at `i` (see escapeAt), or 0; allocates nothing. */
export function escapeLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 92) {
    const next = text.charCodeAt(i + 1);
    if (next === 47) return 2;
    if (next === 117 && text.charCodeAt(i + 2) === 48 && text.charCodeAt(i + 3) === 48) {
      const h = text.charCodeAt(i + 4);
      const l = text.charCodeAt(i + 5) | 0x20;
      if ((h === 50 && (l === 102 || l === 98)) || (h === 51 && l === 100)) return 6;
    }
    return 0;
  }
  if (c === 37) {
    const h = text.charCodeAt(i + 1);
    const l = text.charCodeAt(i + 2) | 0x20;
    if ((h === 50 && (l === 102 || l === 98)) || (h === 51 && l === 100)) return 3;
  }
  return 0;
}

/** True when a value of the alphabet (possibly escaped) starts at `i`. */
export function tokenStartsAt(text: string, i: number): boolean {
  if (classOf(text.charCodeAt(i)) & TOKEN) return true;
  const esc = escapeAt(text, i);
  return esc !== undefined && esc[1] !== '=';
}

/** Reads the maximal value at `start` (up to `max` logical characters, then stops). */
export function readToken(text: string, start: number, { max, padding = false }: ReadOptions): Token {
  let i = start;
  let value = '';
  const n = text.length;
  while (i < n && value.length <= max) {
    const c = text.charCodeAt(i);
    if (c < 128 && classOf(c) & TOKEN) {
      // Fast path: copy a plain run in one slice.
      let j = i + 1;
      const limit = Math.min(n, i + (max + 1 - value.length));
      while (j < limit && classOf(text.charCodeAt(j)) & TOKEN) j++;
      value += text.slice(i, j);
      i = j;
      continue;
    }
    const esc = escapeAt(text, i);
    if (!esc || esc[1] === '=') break;
    value += esc[1];
    i += esc[0];
  }
  if (padding) {
    let pads = 0;
    while (pads < 2 && i < n) {
      if (text.charCodeAt(i) === 61) {
        i++;
      } else {
        const esc = escapeAt(text, i);
        if (!esc || esc[1] !== '=') break;
        i += esc[0];
      }
      value += '=';
      pads++;
    }
  }
  return { value, start, end: i };
}

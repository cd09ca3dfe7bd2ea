// A whole-text test that proves, much faster than the detector's own pass, that a text cannot yield a
// finding (a 50 MB log or minified bundle is mostly short words and punctuation). It is conservative by
// construction: it looks for what every finding needs to start from, not for credentials.
//
// Everything the detector reports starts from one of:
// - a run of the base64 alphabet `A-Za-z0-9+/`, possibly continued across escapes (`%2F`, `\/`,
//   `\u002F`), of at least 20 characters: key ids (20 letters and digits, or one escape longer), blobs
//   to decode (20+), prefixed session tokens (64+ characters read across escapes, at most 2 `=` of
//   padding after them), long-term Bedrock keys (113+), and the values every keyword rule reads (20+: a
//   keyword with no such run after it is skipped before anything else, see `scanRuns` / `VALUE_RUN`);
// - a closing quote right after a letter, digit, `+` or `/`, followed by what may join it to another
//   literal (`mayJoinAfter`): a concatenation the detector would decode;
// (The short-term Bedrock key, `bedrock-api-key-` + 40 or more base64 characters read across escapes,
// needs such a run too.) Token runs of 12 to 19 characters, which `scanRuns` also looks at, cannot hold a
// prefixed token: it is read on to 64 characters.
// Without any of them, `scanRuns` finds no key id, token, layer, chain or value run, so no keyword rule
// reads anything and `detect` returns no finding. Runs are looked for with a skip search (probe every
// 20th character, look back and forward only around a hit), linear with a small constant.
//
// The same test runs on a UTF-8 encoding of the text (`mayHoldCredentialsInUtf8`), so a caller holding
// bytes can skip decoding them: ASCII characters are single bytes, and every other character (any byte
// of 128 or more, malformed sequences included) is outside the alphabet and is no quote in either form.
import { ALNUM, SYMBOL, TABLE } from './char-class.js';
import { mayJoinAfter } from './layers.js';

/** The shortest run any finding starts from (key ids, values, blobs; tokens and Bedrock keys are longer). */
export const PREFILTER_RUN = 20;

/** A run character: the base64 alphabet, or `%` / `\` (escapes continue a value run). */
const RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) if ((TABLE[c] as number) & (ALNUM | SYMBOL)) RUN[c] = 1;
RUN[37] = 1; // %
RUN[92] = 1; // \

function inRun(code: number): boolean {
  return code < 128 && RUN[code] === 1;
}

/** True when `text` has a run of `RUN` characters at least `length` long. */
export function hasLongRun(text: string, length: number): boolean {
  const n = text.length;
  let p = length - 1;
  while (p < n) {
    if (!inRun(text.charCodeAt(p))) {
      // No run of `length` can contain p; the next one that could ends at p + length at the earliest.
      p += length;
      continue;
    }
    const stop = p - length;
    let q = p - 1;
    while (q > stop && inRun(text.charCodeAt(q))) q--;
    if (q === stop) return true;
    // The run holding p starts at q + 1: see how far it goes.
    let r = p + 1;
    while (r < n && r - q - 1 < length && inRun(text.charCodeAt(r))) r++;
    if (r - q - 1 >= length) return true;
    p = r + length;
  }
  return false;
}

/** `hasLongRun` over UTF-8 bytes (see the top of this file). */
export function hasLongRunInUtf8(bytes: Uint8Array, length: number): boolean {
  const n = bytes.length;
  let p = length - 1;
  while (p < n) {
    if (!inRun(bytes[p] as number)) {
      p += length;
      continue;
    }
    const stop = p - length;
    let q = p - 1;
    while (q > stop && inRun(bytes[q] as number)) q--;
    if (q === stop) return true;
    let r = p + 1;
    while (r < n && r - q - 1 < length && inRun(bytes[r] as number)) r++;
    if (r - q - 1 >= length) return true;
    p = r + length;
  }
  return false;
}

function joinableQuoteAt(before: number, after: number): boolean {
  return before < 128 && ((TABLE[before] as number) & (ALNUM | SYMBOL)) !== 0 && mayJoinAfter(after);
}

/** True when a quote follows a base64 character and may be joined to a next literal (see `scanRuns`). */
function hasJoinableQuote(text: string): boolean {
  for (const quote of ['"', "'", '`']) {
    for (let i = text.indexOf(quote, 1); i !== -1; i = text.indexOf(quote, i + 1)) {
      if (joinableQuoteAt(text.charCodeAt(i - 1), text.charCodeAt(i + 1))) return true;
    }
  }
  return false;
}

function hasJoinableQuoteInUtf8(bytes: Uint8Array): boolean {
  for (const quote of [34, 39, 96]) {
    for (let i = bytes.indexOf(quote, 1); i !== -1; i = bytes.indexOf(quote, i + 1)) {
      if (joinableQuoteAt(bytes[i - 1] as number, i + 1 < bytes.length ? (bytes[i + 1] as number) : NaN)) return true;
    }
  }
  return false;
}

/**
 * `mayHoldCredentialsInUtf8` one piece at a time, for bytes that arrive in pieces (a blob streaming in
 * from a pipe): `advance(piece)` looks at the next piece, and its answer after the last one is exactly
 * `mayHoldCredentialsInUtf8` of all of them put together, without their ever being put together. Each
 * byte is looked at once; once true, it stays true for free.
 */
export class Utf8Screen {
  private hit = false;
  /** The bytes seen so far end with `carry` run bytes (counted up to PREFILTER_RUN). */
  private carry = 0;
  /** The last byte seen; -1 before the first piece. */
  private last = -1;
  /** When the last piece ended with a quote: the byte before it (whether it joins depends on the next byte). */
  private quoteBefore = -1;

  advance(piece: Uint8Array): boolean {
    const end = piece.length;
    if (this.hit || end === 0) return this.hit;
    const length = PREFILTER_RUN;
    let i = 0;
    // The run that ended the last piece may go on into this one.
    while (i < end && this.carry < length && inRun(piece[i] as number)) {
      this.carry++;
      i++;
    }
    if (this.carry >= length) return (this.hit = true);
    if (i < end) {
      // piece[i] ends that run: the rest of the piece on its own, then the run it ends with.
      if (hasLongRunInUtf8(piece.subarray(i + 1), length)) return (this.hit = true);
      let j = end;
      while (j > i + 1 && inRun(piece[j - 1] as number)) j--;
      this.carry = end - j;
    }
    if (this.quoteBefore !== -1 && joinableQuoteAt(this.quoteBefore, piece[0] as number)) return (this.hit = true);
    this.quoteBefore = -1;
    for (const quote of [34, 39, 96]) {
      for (let k = piece.indexOf(quote); k !== -1; k = piece.indexOf(quote, k + 1)) {
        // A quote that starts the blob has nothing before it to join.
        const before = k > 0 ? (piece[k - 1] as number) : this.last;
        if (before === -1) continue;
        if (k === end - 1) this.quoteBefore = before;
        else if (joinableQuoteAt(before, piece[k + 1] as number)) return (this.hit = true);
      }
    }
    this.last = piece[end - 1] as number;
    return false;
  }
}

/** False only when `detect(text)` certainly finds nothing; true means the detector has to look. */
export function mayHoldCredentials(text: string): boolean {
  return hasLongRun(text, PREFILTER_RUN) || hasJoinableQuote(text);
}

/** `mayHoldCredentials` of the text these UTF-8 bytes decode to, without decoding them. */
export function mayHoldCredentialsInUtf8(bytes: Uint8Array): boolean {
  return hasLongRunInUtf8(bytes, PREFILTER_RUN) || hasJoinableQuoteInUtf8(bytes);
}

// A whole-text test that proves, much faster than the detector's own pass, that a text cannot yield a
// finding (a 50 MB log or minified bundle is mostly short words and punctuation). It is conservative by
// construction: it looks for what every finding needs to start from, not for credentials.
//
// Every finding holds a key id (20 characters of `A-Z0-9`), or a value of at least 40 characters of the
// base64 alphabet (a secret; session tokens and Bedrock keys are longer), or comes out of a layer:
// - a key id is a run of at least 20 of `A-Z0-9` (`ID_RUN`), wherever it is (behind an escape, in a
//   URL, in a longer run of letters and digits: `acceptKeyId` reads the last 20 of such a run);
// - a value is a run of the base64 alphabet `A-Za-z0-9+/`, possibly continued across escapes (`%2F`,
//   `\/`, `\u002F`: each longer than the character it stands for), of 40 characters or more;
// - a base64 layer (`scanRuns` → `decodeRun`) must decode to at least 20 bytes to hold the shortest
//   finding, a key id: that is 27 base64 characters or more (`PREFILTER_RUN`), a run as above;
// - a concatenation (`chainAt`) starts at a closing quote right after a letter, digit, `+` or `/`,
//   followed by what may join it to another literal (`mayJoinAfter`).
// So without a run of 20 `A-Z0-9`, a run of 27 of the base64 alphabet and escapes, and such a quote,
// `detect` returns no finding. (Runs of 12 to 26 characters with lower-case letters, which `scanRuns`
// looks at too, are tokens too short to be read on, blobs that decode to fewer than 20 bytes, or values
// too short for any keyword rule.) Runs are looked for with a skip search (probe a character, look back
// from it for one outside the alphabet, jump `length` past that), reading a fraction of the bytes.
//
// The same test runs on a UTF-8 encoding of the text (`mayHoldCredentialsInUtf8`), so a caller holding
// bytes can skip decoding them: ASCII characters are single bytes, and every other character (any byte
// of 128 or more, malformed sequences included) is outside both alphabets and is no quote in either form.
import { ALNUM, DIGIT, SYMBOL, TABLE, UPPER } from './char-class.js';
import { mayJoinAfter } from './joined-literals.js';

/** The shortest run of the base64 alphabet and escapes that can hold a finding (a base64 layer's). */
export const PREFILTER_RUN = 27;
/** The shortest run of `A-Z0-9` that can hold a finding (a key id). */
export const ID_RUN = 20;

/** A run character: the base64 alphabet, or `%` / `\` (escapes continue a value run). */
const RUN = new Uint8Array(256);
for (let c = 0; c < 128; c++) if ((TABLE[c] as number) & (ALNUM | SYMBOL)) RUN[c] = 1;
RUN[37] = 1; // %
RUN[92] = 1; // \
/** A key id character: `A-Z0-9`. */
export const ID = new Uint8Array(256);
for (let c = 0; c < 128; c++) if ((TABLE[c] as number) & (UPPER | DIGIT)) ID[c] = 1;

/**
 * True when `text` has a run of at least `length` characters of `alphabet` (RUN or ID). A skip search:
 * a run of `length` ending at or after p must hold p, so look back from p for a character outside the
 * alphabet; if there is none among the `length` characters ending at p, that is a run; if the nearest
 * one is at q, no run of `length` ends before q + `length`, which is where to look next. It looks back
 * only, not also forward to the end of the run: on dense text nearly every probe lands in a short word,
 * and the look back alone rejects it (docs/performance.md).
 */
export function hasLongRun(text: string, length: number, alphabet: Uint8Array = RUN): boolean {
  const n = text.length;
  // Code units above 255 are outside both alphabets.
  const at = (i: number): boolean => {
    const c = text.charCodeAt(i);
    return c < 256 && alphabet[c] === 1;
  };
  let p = length - 1;
  while (p < n) {
    const stop = p - length;
    let q = p;
    while (q > stop && at(q)) q--;
    if (q === stop) return true;
    p = q + length;
  }
  return false;
}

/** `hasLongRun` over UTF-8 bytes (see the top of this file). */
export function hasLongRunInUtf8(bytes: Uint8Array, length: number, alphabet: Uint8Array = RUN): boolean {
  return hasLongRunFrom(bytes, 0, length, alphabet);
}

/** `hasLongRunInUtf8` of the bytes from `from` on, without making a view of them. */
function hasLongRunFrom(bytes: Uint8Array, from: number, length: number, alphabet: Uint8Array): boolean {
  const n = bytes.length;
  let p = from + length - 1;
  while (p < n) {
    const stop = p - length;
    let q = p;
    while (q > stop && alphabet[bytes[q] as number] === 1) q--;
    if (q === stop) return true;
    p = q + length;
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

/** Whether pieces seen one after another hold a run of `length` of `alphabet`; each byte looked at once. */
class RunAcrossPieces {
  /** The bytes seen so far end with `carry` bytes of the alphabet (counted up to `length`). */
  private carry = 0;

  constructor(
    private readonly alphabet: Uint8Array,
    private readonly length: number,
  ) {}

  advance(piece: Uint8Array): boolean {
    const alphabet = this.alphabet;
    const length = this.length;
    const end = piece.length;
    let i = 0;
    // The run that ended the last piece may go on into this one.
    while (i < end && this.carry < length && alphabet[piece[i] as number] === 1) {
      this.carry++;
      i++;
    }
    if (this.carry >= length) return true;
    if (i === end) return false;
    // piece[i] ends that run: the rest of the piece on its own, then the run it ends with.
    if (hasLongRunFrom(piece, i + 1, length, alphabet)) return true;
    let j = end;
    while (j > i + 1 && alphabet[piece[j - 1] as number] === 1) j--;
    this.carry = end - j;
    return false;
  }
}

/**
 * `mayHoldCredentialsInUtf8` one piece at a time, for bytes that arrive in pieces (a blob streaming in
 * from a pipe): `advance(piece)` looks at the next piece, and its answer after the last one is exactly
 * `mayHoldCredentialsInUtf8` of all of them put together, without their ever being put together. Each
 * byte is looked at once per alphabet; once true, it stays true for free.
 */
export class Utf8Screen {
  private hit = false;
  private readonly runs = new RunAcrossPieces(RUN, PREFILTER_RUN);
  private readonly ids = new RunAcrossPieces(ID, ID_RUN);
  /** The last byte seen; -1 before the first piece. */
  private last = -1;
  /** When the last piece ended with a quote: the byte before it (whether it joins depends on the next byte). */
  private quoteBefore = -1;

  advance(piece: Uint8Array): boolean {
    const end = piece.length;
    if (this.hit || end === 0) return this.hit;
    // Both run trackers see every piece (each keeps its own carry), unless one already answered.
    if (this.runs.advance(piece) || this.ids.advance(piece)) return (this.hit = true);
    if (this.quoteBefore !== -1 && joinableQuoteAt(this.quoteBefore, piece[0] as number)) return (this.hit = true);
    this.quoteBefore = -1;
    if (this.joinsAt(piece, 34) || this.joinsAt(piece, 39) || this.joinsAt(piece, 96)) return (this.hit = true);
    this.last = piece[end - 1] as number;
    return false;
  }

  /** Whether a `quote` in `piece` may join a next literal; notes one that ends the piece (`quoteBefore`). */
  private joinsAt(piece: Uint8Array, quote: number): boolean {
    const last = piece.length - 1;
    for (let k = piece.indexOf(quote); k !== -1; k = piece.indexOf(quote, k + 1)) {
      // A quote that starts the blob has nothing before it to join.
      const before = k > 0 ? (piece[k - 1] as number) : this.last;
      if (before === -1) continue;
      if (k === last) this.quoteBefore = before;
      else if (joinableQuoteAt(before, piece[k + 1] as number)) return true;
    }
    return false;
  }
}

/**
 * `Utf8Screen` without the quote test, for bytes with NULs in them (see blob-text.ts): only the rules that
 * start from a run (key ids, secrets, tokens, Bedrock keys, base64 layers) are looked for there, not
 * literals joined across quotes. Random bytes almost never hold a run of 20 `A-Z0-9` or 27 of the base64
 * alphabet, while a quote between a letter and a `+` turns up every few thousand bytes.
 */
export class RunScreen {
  private hit = false;
  private readonly runs = new RunAcrossPieces(RUN, PREFILTER_RUN);
  private readonly ids = new RunAcrossPieces(ID, ID_RUN);

  advance(piece: Uint8Array): boolean {
    if (this.hit || piece.length === 0) return this.hit;
    return (this.hit = this.runs.advance(piece) || this.ids.advance(piece));
  }
}

/** False only when `detect(text)` certainly finds nothing; true means the detector has to look. */
export function mayHoldCredentials(text: string): boolean {
  return hasLongRun(text, PREFILTER_RUN) || hasLongRun(text, ID_RUN, ID) || hasJoinableQuote(text);
}

/** `mayHoldCredentials` of the text these UTF-8 bytes decode to, without decoding them. */
export function mayHoldCredentialsInUtf8(bytes: Uint8Array): boolean {
  // The whole of it as the one piece of a screen.
  return new Utf8Screen().advance(bytes);
}

// Character classes as a lookup table: the scanners test one byte per character instead of running a
// regular expression over the whole text, which keeps every pass strictly linear.

export const UPPER = 1;
export const LOWER = 2;
export const DIGIT = 4;
/** `+` and `/`: the two symbols of the base64 and secret-key alphabets. */
export const SYMBOL = 8;
/** `A-Z2-7`: the class of the base32 alphabet access key ids are written in (`BASE32_ALPHABET`). */
export const BASE32 = 16;
/** `_ . -`: glue inside identifiers (`aws_secret_access_key`, `aws.secretKey`, `secret-key`). */
export const NAME_EXTRA = 32;
export const QUOTE = 64;

export const ALNUM = UPPER | LOWER | DIGIT;
/** The alphabet of secret access keys and base64 (without the `=` padding). */
export const TOKEN = ALNUM | SYMBOL;
export const NAME = ALNUM | NAME_EXTRA;

/** The characters of the `BASE32` class, in RFC 4648 order (a character's index is its 5-bit value). */
export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The class bits of each ASCII code (0 for the rest). Exported for the hot loop of the run scanner. */
export const TABLE = new Uint8Array(128);
for (let c = 65; c <= 90; c++) TABLE[c] = UPPER | BASE32;
for (let c = 97; c <= 122; c++) TABLE[c] = LOWER;
for (let c = 48; c <= 57; c++) TABLE[c] = DIGIT | (c >= 50 && c <= 55 ? BASE32 : 0);
TABLE[43] = SYMBOL; // +
TABLE[47] = SYMBOL; // /
TABLE[95] = NAME_EXTRA; // _
TABLE[46] = NAME_EXTRA; // .
TABLE[45] = NAME_EXTRA; // -
TABLE[34] = QUOTE; // "
TABLE[39] = QUOTE; // '
TABLE[96] = QUOTE; // `

/** The class bits of the UTF-16 code unit at `i` (0 outside the text and for non-ASCII). */
export function classAt(text: string, i: number): number {
  if (i < 0 || i >= text.length) return 0;
  const c = text.charCodeAt(i);
  return c < 128 ? (TABLE[c] as number) : 0;
}

export function classOf(code: number): number {
  return code < 128 && code >= 0 ? (TABLE[code] as number) : 0;
}

export function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * True when position `i` is preceded by a JSON/C escape that ends a logical character (`\n`, `\t`,
 * `\r`) or by a percent-encoded delimiter (`%3D`, `%22`, ...): the character right before `i` is then a
 * letter or digit, yet the value at `i` starts fresh. `%2F`/`%2B` are excluded: they continue a value.
 */
export function escapedDelimiterBefore(text: string, i: number): boolean {
  const prev = text.charCodeAt(i - 1);
  if (
    (prev === 110 || prev === 116 || prev === 114) &&
    text.charCodeAt(i - 2) === 92 &&
    text.charCodeAt(i - 3) !== 92
  ) {
    return true; // \n \t \r (not \\n)
  }
  if (i >= 3 && text.charCodeAt(i - 3) === 37 && isHexCode(text.charCodeAt(i - 2)) && isHexCode(prev)) {
    const code = parseInt(text.slice(i - 2, i), 16);
    return !(classOf(code) & TOKEN);
  }
  return false;
}

// Where a value begins and ends in source text: the character before a value does not continue a
// token (or it is an escaped delimiter, or a `-` between two tokens), and the character after it closes
// it. The rules that read a labeled value (secret keys, session tokens, Bedrock keys) share them.
import { NAME_EXTRA, TOKEN, classAt, classOf, escapedDelimiterBefore, isHexCode } from './char-class.js';
import { tokenStartsAt } from './token-reader.js';

/** How far after a keyword its value may start (a name, glue, a line break, an HCL block's `default =`). */
export const VALUE_WINDOW = 480;

/** True when the character at `end` closes a value (it does not continue a longer token). */
export function valueEndsAt(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (Number.isNaN(c)) return true;
  const cls = classOf(c);
  if (cls & TOKEN || c === 61 /* = */ || c === 95 /* _ */) return false;
  if (c === 45 /* - */ && classAt(text, end + 1) & TOKEN) return false;
  if (c === 37 /* % */ && isHexCode(text.charCodeAt(end + 1))) return !tokenStartsAt(text, end);
  return true;
}

/** True when a value may start at `start` (the character before does not continue a token). */
export function valueStartsAt(text: string, start: number): boolean {
  const cls = classAt(text, start - 1);
  if (!(cls & (TOKEN | NAME_EXTRA)) || escapedDelimiterBefore(text, start)) return true;
  // `-` before a value is a delimiter unless it joins two parts of one token.
  return text.charCodeAt(start - 1) === 45 && !(classAt(text, start - 2) & TOKEN);
}

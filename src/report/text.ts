// Small text helpers shared by the report formats: plain functions of strings, no I/O.
import { stripVTControlCharacters } from 'node:util';

/** Control characters, and bidi overrides that could make a line read differently from what it is. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a scanned file or a path, made safe to print on a terminal: a file can hold escape
 * sequences, and printing them raw would let it rewrite the screen (or hide a line).
 */
export function printable(text: string): string {
  return text.replace(/\n/g, '\u2424').replace(UNPRINTABLE, '\uFFFD');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `123456789012` -> `1234-5678-9012`, the way the AWS console shows account ids. */
export function formatAccount(id: string): string {
  return /^\d{12}$/.test(id) ? `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8)}` : id;
}

/**
 * Word-wraps to `width` columns. The first line starts with `first` and the others with `rest` (both
 * counted in the width). `words` is a text split on spaces, or a list of unbreakable pieces (a colored
 * masked value such as `wJal…(40 chars)` stays on one line). Words longer than a line stay whole.
 */
export function wrap(
  words: string | readonly string[],
  width: number,
  first: string,
  rest: string = ' '.repeat(visibleLength(first)),
): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  // A `code span` and the punctuation after it stay together: a command is never split across lines.
  const list = typeof words === 'string' ? (words.match(/`[^`]*`\S*|\S+/g) ?? []) : words;
  for (const word of list.filter(Boolean)) {
    if (!empty && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Length on screen: ANSI color codes take no room. */
export function visibleLength(text: string): number {
  return stripVTControlCharacters(text).length;
}

/** A commit id abbreviated for people (12 digits: unambiguous in any real repository). */
export function shortCommit(commit: string): string {
  return commit.slice(0, 12);
}

// Jupyter notebooks (`.ipynb`, JSON): a code cell names the secret in its source and prints its value
// in an output, where no label stands next to it:
//   "outputs": [{ "name": "stdout", "output_type": "stream", "text": ["<value>\n"] }],
//   "source": ["aws_secret_access_key = os.environ['AWS_SECRET_ACCESS_KEY']\n", "print(aws_secret_access_key)"]
// (Jupyter writes a cell's keys sorted: the outputs come before the source.) One pass over the JSON
// tracks where each string sits; when a cell's object closes, a source that names an AWS secret makes
// the 40-character values of that cell's output text (`text`, `data` / `text/plain`) secrets.
import { forEachKeyword, nameAround } from './assignment.js';
import { keywordsOf } from './catalog.js';
import { TOKEN, classOf } from './char-class.js';
import type { NameStrength } from './rules/aws-secret-access-key.js';
import type { Scope } from './scope.js';
import { escapeLength, tokenStartsAt } from './token-reader.js';

interface Frame {
  array: boolean;
  /** The key this container is the value of (undefined inside an array). */
  key: string | undefined;
}

interface Cell {
  sources: Array<[number, number]>;
  outputs: Array<[number, number]>;
}

const SECRET_WORD = /secret|sec_key/i;
/** Output text is at most 7 containers deep (cells, a cell, outputs, an output, data, text/plain). */
const MAX_DEPTH = 16;
const OUTPUT_TEXT_KEYS = new Set(['text', 'text/plain']);

export interface NotebookReaders {
  strength(normalized: string): NameStrength | undefined;
  /** Reads and reports the secrets in [start, end) of the text, named with `strength` at `at` (a weak name counts only where the text is about AWS). */
  reportValues(start: number, end: number, strength: NameStrength, at: number): void;
}

/** Offset after the JSON string whose opening quote is at `p` (or the text's end). */
function stringEnd(text: string, p: number): number {
  let q = text.indexOf('"', p + 1);
  while (q !== -1) {
    // The quote closes the string unless an odd number of backslashes escapes it.
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q + 1;
    q = text.indexOf('"', q + 1);
  }
  return text.length;
}

/** The strongest secret name in the source strings of a cell, with its offset. */
function sourceNames(
  scope: Scope,
  cell: Cell,
  readers: NotebookReaders,
): { strength: NameStrength; at: number } | undefined {
  let best: { strength: NameStrength; at: number } | undefined;
  for (const [start, end] of cell.sources) {
    const source = scope.text.slice(start, end);
    for (const { word, tailFrom } of keywordsOf('aws-secret-access-key')) {
      forEachKeyword(source, word, tailFrom, (h) => {
        const name = nameAround(source, h, h + word.length);
        if (!name) return h + word.length;
        // A weak name's test for AWS around it is left to the values: most cells print none.
        const strength = readers.strength(name.normalized);
        if (strength && (!best || (best.strength === 'weak' && strength === 'strong')))
          best = { strength, at: start + h };
        return name.end;
      });
    }
  }
  return best;
}

/** Finds the secrets printed by notebook cells whose source names one. */
export function scanNotebookOutputs(scope: Scope, readers: NotebookReaders): void {
  const { text } = scope;
  // A notebook that never names a secret has nothing to read here.
  if (!SECRET_WORD.test(text)) return;
  const stack: Frame[] = [];
  // Containers nested deeper than any cell's text are only counted (a text of a million `[` stays small).
  let deeper = 0;
  let key: string | undefined; // the key just read in the current object, awaiting its value
  let cell: Cell | undefined;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 34) {
      const end = stringEnd(text, p);
      const top = stack[stack.length - 1];
      if (deeper > 0) {
        // Inside containers too deep to hold a cell's text.
      } else if (top && !top.array && key === undefined) {
        // A key: short, so reading it as a string costs nothing.
        key = end - p < 66 ? text.slice(p + 1, end - 1) : '';
      } else {
        if (cell) placeString(stack, key, p + 1, end - 1, cell);
        key = undefined;
      }
      p = end - 1;
    } else if (c === 123 || c === 91) {
      if (deeper > 0 || stack.length >= MAX_DEPTH) {
        deeper++;
        key = undefined;
        continue;
      }
      stack.push({ array: c === 91, key });
      key = undefined;
      // A cell: an object in the top-level `cells` array.
      if (stack.length === 3 && c === 123 && stack[1]?.key === 'cells' && stack[1].array)
        cell = { sources: [], outputs: [] };
    } else if (c === 125 || c === 93) {
      if (deeper > 0) {
        deeper--;
        key = undefined;
        continue;
      }
      stack.pop();
      key = undefined;
      if (stack.length === 2 && cell) {
        const named = cell.outputs.length > 0 ? sourceNames(scope, cell, readers) : undefined;
        if (named) for (const [start, end] of cell.outputs) readers.reportValues(start, end, named.strength, named.at);
        cell = undefined;
      }
    } else if (c === 44) {
      key = undefined;
    }
  }
}

/** Files a string value of a cell as source text or output text, from where it sits. */
function placeString(stack: readonly Frame[], key: string | undefined, start: number, end: number, cell: Cell): void {
  const depth = stack.length;
  // The cell's own `source`: a string, or an array of strings.
  if ((depth === 3 && key === 'source') || (depth === 4 && stack[3]?.key === 'source')) {
    cell.sources.push([start, end]);
    return;
  }
  // Inside `outputs`: a `text` (stream) or `text/plain` (execute_result, display_data), string or array.
  if (depth >= 5 && stack[3]?.key === 'outputs') {
    const holder = key ?? stack[depth - 1]?.key;
    if (holder !== undefined && OUTPUT_TEXT_KEYS.has(holder)) cell.outputs.push([start, end]);
  }
}

/**
 * Calls `visit(start)` for each run of the secret alphabet in [from, to) at least `min` characters long
 * (an escaped `/` counts as one; a JSON escape such as `\\n` that ends a line separates runs).
 */
export function forEachValueStart(
  text: string,
  from: number,
  to: number,
  min: number,
  visit: (start: number) => void,
): void {
  let p = from;
  while (p < to) {
    if (!tokenStartsAt(text, p)) {
      p += text.charCodeAt(p) === 92 ? 2 : 1;
      continue;
    }
    const start = p;
    let length = 0;
    while (p < to) {
      if (classOf(text.charCodeAt(p)) & TOKEN) p++;
      else if (escapeLength(text, p) > 0) p += escapeLength(text, p);
      else break;
      length++;
    }
    if (length >= min) visit(start);
  }
}

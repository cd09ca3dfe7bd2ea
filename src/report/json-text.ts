// A report with one long array (a finding per element), written as `JSON.stringify(document, null, 2)`
// writes it, but a few elements at a time and as a sequence of pieces: each element's objects die young
// instead of hundreds of thousands of them living until one call has stringified them all, and the
// report need not be one string (a file made of findings makes a report of hundreds of megabytes).

/** Stands for the long array in the document; replaced by its elements. A string: stringified as it is. */
export const ELEMENTS = '\u0000elements';

/**
 * Elements stringified per call: pieces of some kilobytes, each well below the size from which V8
 * allocates a string apart from the others (128 KB: joining larger pieces was several times slower).
 */
const BATCH = 32;

/**
 * The text of `JSON.stringify(document, null, 2)` and a newline, with the array `[element(0), …,
 * element(count - 1)]` in place of the value `ELEMENTS`, in pieces; each element is made just before it
 * is stringified. The placeholder must come before any string the document holds from outside (a path),
 * so that its first occurrence is the one in place of the array.
 */
export function* indentedJson(
  document: unknown,
  count: number,
  element: (index: number) => unknown,
): Generator<string> {
  const text = JSON.stringify(document, null, 2);
  const marker = JSON.stringify(ELEMENTS);
  const at = text.indexOf(marker);
  if (at === -1) throw new Error('indentedJson: the document has no place for its elements');
  // The array's closing bracket lines up with the line its key is on: `depth` levels in.
  const lineStart = text.lastIndexOf('\n', at) + 1;
  let closing = '';
  while (text.charCodeAt(lineStart + closing.length) === 32) closing += ' ';
  const tail = text.slice(at + marker.length);
  if (count === 0) {
    yield `${text.slice(0, at)}[]${tail}\n`;
    return;
  }
  yield `${text.slice(0, at)}[\n`;
  // Each batch is stringified by JSON.stringify itself, nested in as many arrays as the elements are deep
  // in the document, so that its lines have their indentation; the text between the wrapping arrays'
  // brackets is the batch's elements as they stand in the document.
  const depth = closing.length / 2;
  let head = 0;
  let foot = 0;
  for (let level = 0; level <= depth; level++) {
    head += 2 * level + 2; // "  " per level, "[", "\n"
    foot += 2 * level + 2; // "\n", "  " per level, "]"
  }
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(start + BATCH, count);
    const batch: unknown[] = [];
    for (let i = start; i < end; i++) batch.push(element(i));
    let wrapped: unknown = batch;
    for (let level = 0; level < depth; level++) wrapped = [wrapped];
    const json = JSON.stringify(wrapped, null, 2);
    const elements = json.slice(head, json.length - foot);
    yield end < count ? `${elements},\n` : elements;
  }
  yield `\n${closing}]${tail}\n`;
}

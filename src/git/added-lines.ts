// Which lines of a staged blob are new (DESIGN.md section 3): the 1-based lines of the new blob whose
// content is not in the old blob, as a multiset (a line that appears twice in the new blob and once in the
// old one is added once). Line endings do not matter: `a\r\n` and `a\n` are the same line.
//
// Linear time, and light on memory for big files:
// - the common run of lines at the start and at the end of both blobs is skipped first, by comparing
//   bytes (the usual edit touches a few lines in the middle, so the rest costs a memcmp);
// - only the old blob's remaining lines go into a Map (line -> count); lines longer than LONG_LINE are
//   keyed by their SHA-1 instead of their text, so a 50 MB minified line costs 20 bytes, not 50 MB;
// - the result is a list of ranges, not one number per line.
import { createHash } from 'node:crypto';

const LF = 0x0a;
const CR = 0x0d;
/** Lines longer than this are keyed by a hash (see above). */
const LONG_LINE = 512;

/** A set of line numbers stored as sorted, disjoint half-open ranges `[start, end)`. */
export class LineRanges implements Iterable<number> {
  /** Line numbers 1..count (a new file: every line is added). */
  static all(count: number): LineRanges {
    return new LineRanges(count > 0 ? [1] : [], count > 0 ? [count + 1] : []);
  }

  static readonly none = new LineRanges([], []);

  readonly size: number;

  private constructor(
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
  ) {
    let size = 0;
    for (let i = 0; i < starts.length; i++) size += (ends[i] ?? 0) - (starts[i] ?? 0);
    this.size = size;
  }

  has(line: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (line < (this.starts[mid] ?? 0)) hi = mid - 1;
      else if (line >= (this.ends[mid] ?? 0)) lo = mid + 1;
      else return true;
    }
    return false;
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.starts.length; i++) {
      for (let line = this.starts[i] ?? 0; line < (this.ends[i] ?? 0); line++) yield line;
    }
  }

  /** Builds ranges from line numbers given in increasing order. */
  static builder(): { add(line: number): void; build(): LineRanges } {
    const starts: number[] = [];
    const ends: number[] = [];
    return {
      add(line) {
        const last = ends.length - 1;
        if (last >= 0 && ends[last] === line) ends[last] = line + 1;
        else {
          starts.push(line);
          ends.push(line + 1);
        }
      },
      build: () => new LineRanges(starts, ends),
    };
  }
}

/** The number of lines in a blob: a final line without a newline counts, an empty blob has none. */
export function countLines(blob: Uint8Array): number {
  if (blob.length === 0) return 0;
  let count = 0;
  for (let at = blob.indexOf(LF); at !== -1; at = blob.indexOf(LF, at + 1)) count++;
  return blob[blob.length - 1] === LF ? count : count + 1;
}

/** The lines of `newBlob` that are not in `oldBlob` (all of them when there is no old blob). */
export function addedLines(oldBlob: Uint8Array | undefined, newBlob: Uint8Array): LineRanges {
  if (!oldBlob || oldBlob.length === 0) return LineRanges.all(countLines(newBlob));
  const before = Buffer.from(oldBlob.buffer, oldBlob.byteOffset, oldBlob.byteLength);
  const after = Buffer.from(newBlob.buffer, newBlob.byteOffset, newBlob.byteLength);

  // Common leading lines: [0, head) of both blobs, `headLines` lines.
  let head = 0;
  let headLines = 0;
  for (;;) {
    const a = lineEnd(before, head);
    const b = lineEnd(after, head);
    if (a === -1 || b === -1 || a !== b || before.compare(after, head, b, head, a) !== 0) break;
    head = a + 1;
    headLines++;
  }
  // Common trailing lines: [beforeTail, end) and [afterTail, end), not overlapping the head.
  let beforeTail = before.length;
  let afterTail = after.length;
  for (;;) {
    const a = lineStart(before, beforeTail, head);
    const b = lineStart(after, afterTail, head);
    if (a === -1 || b === -1 || beforeTail - a !== afterTail - b || before.compare(after, b, afterTail, a, beforeTail) !== 0) break;
    beforeTail = a;
    afterTail = b;
  }

  const counts = new Map<string, number>();
  forEachLine(before, head, beforeTail, (start, end) => {
    const key = lineKey(before, start, end);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const added = LineRanges.builder();
  let line = headLines;
  forEachLine(after, head, afterTail, (start, end) => {
    line++;
    const key = lineKey(after, start, end);
    const left = counts.get(key);
    if (left === undefined) added.add(line);
    else if (left === 1) counts.delete(key);
    else counts.set(key, left - 1);
  });
  return added.build();
}

/** The index of the newline ending the line that starts at `start`, or -1 if that line is not newline-terminated. */
function lineEnd(blob: Buffer, start: number): number {
  return start >= blob.length ? -1 : blob.indexOf(LF, start);
}

/**
 * The start of the last complete line in `blob[floor, end)`: `end` must be the blob's length or just
 * after a newline. Returns -1 when no whole line fits above `floor`. A final line without a newline is
 * still a line: it only matches the same final line without a newline, by length and bytes.
 */
function lineStart(blob: Buffer, end: number, floor: number): number {
  if (end <= floor) return -1;
  const searchFrom = blob[end - 1] === LF ? end - 2 : end - 1;
  if (searchFrom < floor) return floor;
  const previous = blob.lastIndexOf(LF, searchFrom);
  return previous < floor ? floor : previous + 1;
}

/** Calls `fn(start, end)` for each line in `blob[from, to)`, `end` excluding the newline. */
function forEachLine(blob: Buffer, from: number, to: number, fn: (start: number, end: number) => void): void {
  let start = from;
  while (start < to) {
    let end = blob.indexOf(LF, start);
    if (end === -1 || end >= to) end = to;
    fn(start, end);
    start = end + 1;
  }
}

/** A Map key for a line: its bytes (as latin1, one char per byte) without a trailing CR, or a hash if long. */
function lineKey(blob: Buffer, start: number, end: number): string {
  const stop = end > start && blob[end - 1] === CR ? end - 1 : end;
  if (stop - start <= LONG_LINE) return blob.toString('latin1', start, stop);
  // U+0100 never occurs in a latin1 decoding, so hashed keys cannot collide with short lines' keys.
  return `\u0100${createHash('sha1').update(blob.subarray(start, stop)).digest('base64')}`;
}

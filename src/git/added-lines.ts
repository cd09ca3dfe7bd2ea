// Which lines of a staged blob are new (docs/staged-changes.md): the 1-based lines of the new blob whose
// content is not in the old blob, as a multiset (a line that appears twice in the new blob and once in the
// old one is added once). Line endings do not matter: `a\r\n` and `a\n` are the same line.
//
// Linear time, and light on memory for big files:
// - the common bytes at the start and at the end of both blobs are skipped first, with memcmp-speed
//   comparisons of growing chunks (the usual edit touches a few lines; the rest costs next to nothing);
// - the old blob's remaining lines go into a hash table keyed by a hash of their bytes, computed without
//   creating a string per line; a hash hit is confirmed by comparing the bytes, so a collision can never
//   hide an added line. A 50 MB single line costs one pass over its bytes and one table entry.
// - the result is a list of ranges, not one number per line.

const LF = 0x0a;
const CR = 0x0d;

/** A set of line numbers stored as sorted, disjoint half-open ranges `[start, end)`. */
export class LineRanges implements Iterable<number> {
  /** Line numbers 1..count (a new file: every line is added). */
  static all(count: number): LineRanges {
    return LineRanges.span(1, count);
  }

  /** Line numbers first..first+count-1. */
  static span(first: number, count: number): LineRanges {
    return new LineRanges(count > 0 ? [first] : [], count > 0 ? [first + count] : []);
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
  const before = asBuffer(oldBlob);
  const after = asBuffer(newBlob);

  // Lines before `head` are byte-identical in both blobs.
  const prefix = commonPrefix(before, after);
  const head = prefix === 0 ? 0 : before.lastIndexOf(LF, prefix - 1) + 1;
  // Lines from `beforeTail` / `afterTail` to the end are byte-identical too (never overlapping `head`).
  const shift = after.length - before.length;
  const suffix = commonSuffix(before, after, Math.min(before.length, after.length) - head);
  let beforeTail = before.length;
  if (suffix > 0) {
    // The first line that starts inside the common suffix (after an LF that is itself inside it).
    const lf = before.indexOf(LF, before.length - suffix);
    if (lf !== -1 && lf + 1 < before.length) beforeTail = lf + 1;
  }
  const afterTail = beforeTail + shift;

  const firstLine = countLines(before.subarray(0, head)) + 1;
  // Only appended or only removed lines (the common case for logs, changelogs, generated files): no
  // table needed.
  if (beforeTail <= head) return LineRanges.span(firstLine, countLines(after.subarray(head, afterTail)));
  if (afterTail <= head) return LineRanges.none;
  const old = new LineTable(before, countLines(before.subarray(head, beforeTail)));
  forEachLine(before, head, beforeTail, (start, end, hash) => old.add(start, end, hash));
  const added = LineRanges.builder();
  let line = firstLine - 1;
  forEachLine(after, head, afterTail, (start, end, hash) => {
    line++;
    if (!old.take(after, start, end, hash)) added.add(line);
  });
  return added.build();
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many leading bytes `a` and `b` share: native compares of growing chunks, then halving. */
function commonPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let at = 0;
  let step = 256;
  while (at < n) {
    const len = Math.min(step, n - at);
    if (a.compare(b, at, at + len, at, at + len) === 0) {
      at += len;
      step = Math.min(step * 2, 1 << 20);
    } else if (len <= 16) {
      while (a[at] === b[at]) at++;
      return at;
    } else {
      step = len >>> 1;
    }
  }
  return n;
}

/** How many trailing bytes `a` and `b` share, at most `limit`. */
function commonSuffix(a: Buffer, b: Buffer, limit: number): number {
  const n = Math.max(0, limit);
  const ae = a.length;
  const be = b.length;
  let done = 0;
  let step = 256;
  while (done < n) {
    const len = Math.min(step, n - done);
    if (a.compare(b, be - done - len, be - done, ae - done - len, ae - done) === 0) {
      done += len;
      step = Math.min(step * 2, 1 << 20);
    } else if (len <= 16) {
      while (done < n && a[ae - done - 1] === b[be - done - 1]) done++;
      return done;
    } else {
      step = len >>> 1;
    }
  }
  return n;
}

/**
 * Calls `fn(start, end, hash)` for each line in `blob[from, to)`: `end` excludes the LF and a CR before
 * it; `hash` is a 30-bit FNV-1a hash of the bytes in between (a small integer, which V8 handles fast).
 */
function forEachLine(
  blob: Buffer,
  from: number,
  to: number,
  fn: (start: number, end: number, hash: number) => void,
): void {
  let start = from;
  while (start < to) {
    let end = blob.indexOf(LF, start);
    if (end === -1 || end > to) end = to;
    const next = end + 1;
    if (end > start && blob[end - 1] === CR) end--;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (blob[i] as number), 0x01000193);
    fn(start, end, hash & 0x3fffffff);
    start = next;
  }
}

/**
 * A multiset of the old blob's lines: an open hash table (typed arrays, chained) from a line's hash to
 * the distinct lines with that hash, each with its count. Lines are confirmed by comparing bytes, so a
 * hash collision costs a comparison, never a wrong answer. Typed arrays rather than a JS Map keyed by
 * strings or numbers: no object per line (docs/performance.md has the comparison).
 */
class LineTable {
  private readonly heads: Int32Array;
  private readonly mask: number;
  private readonly next: Int32Array;
  private readonly hashes: Int32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly counts: Int32Array;
  private size = 0;

  constructor(
    private readonly blob: Buffer,
    capacity: number,
  ) {
    let buckets = 16;
    while (buckets < capacity * 2) buckets *= 2;
    this.heads = new Int32Array(buckets).fill(-1);
    this.mask = buckets - 1;
    this.next = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.counts = new Int32Array(capacity);
  }

  add(start: number, end: number, hash: number): void {
    const node = this.find(this.blob, start, end, hash);
    if (node !== -1) {
      this.counts[node] = (this.counts[node] as number) + 1;
      return;
    }
    const n = this.size++;
    const bucket = hash & this.mask;
    this.hashes[n] = hash;
    this.starts[n] = start;
    this.ends[n] = end;
    this.counts[n] = 1;
    this.next[n] = this.heads[bucket] as number;
    this.heads[bucket] = n;
  }

  /** Consumes one occurrence of the line `blob[start, end)`; false if there is none left (the line is added). */
  take(blob: Buffer, start: number, end: number, hash: number): boolean {
    const node = this.find(blob, start, end, hash);
    if (node === -1 || this.counts[node] === 0) return false;
    this.counts[node] = (this.counts[node] as number) - 1;
    return true;
  }

  private find(blob: Buffer, start: number, end: number, hash: number): number {
    for (let node = this.heads[hash & this.mask] as number; node !== -1; node = this.next[node] as number) {
      if (this.hashes[node] !== hash) continue;
      if (this.same(node, blob, start, end)) return node;
    }
    return -1;
  }

  private same(node: number, blob: Buffer, start: number, end: number): boolean {
    const s = this.starts[node] as number;
    const length = end - start;
    if ((this.ends[node] as number) - s !== length) return false;
    // Short lines: a JS loop beats the cost of calling into Buffer#compare.
    if (length <= 64) {
      for (let i = 0; i < length; i++) if (this.blob[s + i] !== blob[start + i]) return false;
      return true;
    }
    return this.blob.compare(blob, start, end, s, s + length) === 0;
  }
}

// The text of a file's bytes, for the detector: UTF-8 text as is, UTF-16 text decoded, and for a binary
// file its printable runs (what `strings` prints), so that a key inside a SQLite database, a compiled
// artifact or a `.pyc` is still found. Pure, like the rest of detect/: bytes in, text out.
//
// The kind of a blob is decided from its first bytes (`classifyBlob`), before the rest streams in, so that
// the screen that looks at the bytes as they arrive (prefilter.ts) can be the right one: a UTF-16 blob is
// screened as the text it decodes to, a binary one for runs only.
import { RunScreen, Utf8Screen } from './prefilter.js';
import type { RuleId } from './types.js';

/**
 * How a blob's bytes are read: `utf-8` (no NUL byte in its head, as git decides "text"), `utf-16le` /
 * `utf-16be` (a byte order mark, or the every-other-byte NUL of mostly-ASCII UTF-16), or `bytes`
 * (anything else with a NUL byte: text with a few NULs, or a binary file).
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'bytes';

/** How much of a blob `classifyBlob` looks at: git's own binary test looks at the first 8 KB too. */
const HEAD_BYTES = 8 * 1024;

/**
 * The rules whose findings count in a binary file's printable runs: each needs evidence that random
 * bytes cannot produce by chance (a key id with a secret next to it, a token with its keyword or a known
 * prefix, a Bedrock key's prefix), never a lone 40-character string or a lone key id.
 */
export const BINARY_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'aws-credential-pair',
  'aws-session-token',
  'aws-bedrock-api-key',
]);

/** The shortest printable run read from a binary file (`strings` uses 4; 8 keeps most noise out). */
export const MIN_RUN = 8;

/** `size <n>`, `oid sha256:<64 hex>`, `ext-<n>-<name> sha256:<64 hex>`: the lines a pointer may hold. */
const LFS_VERSION = 'version https://git-lfs.github.com/spec/v1';
const LFS_LINE = /^(?:oid sha256:[0-9a-f]{64}|size (?:0|[1-9][0-9]{0,19})|ext-[0-9]-[a-z0-9.-]+ sha256:[0-9a-f]{64})$/;
const LFS_MAX = 1024;

/**
 * True only for a Git LFS pointer file as the specification defines it
 * (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md): the version line first, then `ext-*`
 * lines, one `oid sha256:` and one `size`, each ending in LF, nothing else, under 1 KiB. A file that only
 * starts like one (a pointer with keys pasted below it) is text.
 */
export function isLfsPointer(bytes: Uint8Array): boolean {
  if (bytes.length >= LFS_MAX || bytes[bytes.length - 1] !== 0x0a) return false;
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .slice(0, -1)
    .split('\n');
  if (lines[0] !== LFS_VERSION) return false;
  let oid = 0;
  let size = 0;
  for (const line of lines.slice(1)) {
    if (!LFS_LINE.test(line)) return false;
    if (line.startsWith('oid ')) oid++;
    else if (line.startsWith('size ')) size++;
  }
  return oid === 1 && size === 1;
}

/**
 * The kind of a blob, from its first HEAD_BYTES bytes (all of it when smaller): skipped as an LFS pointer,
 * or read in one of the encodings.
 */
export function classifyBlob(head: Uint8Array): Encoding | 'lfs-pointer' {
  const probe = head.subarray(0, HEAD_BYTES);
  // Without a NUL byte it is text to git, and UTF-8 here: the ASCII of a key in UTF-16 has NULs, and bytes
  // that only start like a byte order mark are more likely broken UTF-8.
  if (!probe.includes(0)) return isLfsPointer(head) ? 'lfs-pointer' : 'utf-8';
  if (probe[0] === 0xff && probe[1] === 0xfe) return 'utf-16le';
  if (probe[0] === 0xfe && probe[1] === 0xff) return 'utf-16be';
  return utf16WithoutBom(probe) ?? 'bytes';
}

/**
 * UTF-16 without a byte order mark, as mostly-ASCII (or Latin-1) text shows it: in nearly every pair of
 * bytes one is NUL and the other is not, always on the same side. Random bytes make that pattern in one
 * pair of 128; text with a few NULs, or a block of NULs, makes none.
 */
function utf16WithoutBom(probe: Uint8Array): Encoding | undefined {
  const pairs = probe.length >> 1;
  if (pairs < 2) return undefined;
  let little = 0;
  let big = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    const a = probe[i] as number;
    const b = probe[i + 1] as number;
    if (a !== 0 && b === 0) little++;
    else if (a === 0 && b !== 0) big++;
  }
  if (little >= pairs * 0.75) return 'utf-16le';
  if (big >= pairs * 0.75) return 'utf-16be';
  return undefined;
}

/** What the detector reads of a blob. */
export interface BlobText {
  text: string;
  /**
   * Bytes whose lines are `text`'s lines (UTF-8), to compare with the old side of a change: the blob
   * itself when it is UTF-8, its decoded text re-encoded when it is UTF-16, the runs for a binary.
   */
  lineBytes: Uint8Array;
  /** Binary files only: the byte offset in the blob of each line of `text` (each printable run). */
  offsets?: readonly number[];
}

/** The text of a blob read in `encoding` (from `classifyBlob`). */
export function blobText(bytes: Uint8Array, encoding: Encoding): BlobText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === 'utf-8') return { text: buffer.toString('utf8'), lineBytes: buffer };
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    // The byte order mark is not text an editor shows: columns count from the first character.
    const bom =
      encoding === 'utf-16le' ? buffer[0] === 0xff && buffer[1] === 0xfe : buffer[0] === 0xfe && buffer[1] === 0xff;
    const start = bom ? 2 : 0;
    const end = start + ((buffer.length - start) & ~1);
    let units = buffer.subarray(start, end);
    if (encoding === 'utf-16be') units = Buffer.from(units).swap16();
    const text = units.toString('utf16le');
    return { text, lineBytes: Buffer.from(text, 'utf8') };
  }
  if (isTextWithNuls(buffer)) return { text: buffer.toString('utf8'), lineBytes: buffer };
  return printableRuns(buffer);
}

/**
 * Text with a few NUL bytes (a log truncated under its writer starts with a block of them, a config can
 * hold a stray one): apart from NULs it has no control bytes but whitespace and escape (ANSI colours),
 * at most one in a thousand bytes. Binary formats are full of small integers (lengths, types, flags).
 */
function isTextWithNuls(bytes: Uint8Array): boolean {
  let other = 0;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0) continue;
    other++;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) || b === 0x7f)
      controls++;
  }
  return controls * 1000 <= other;
}

/**
 * Runs more than this many bytes apart are kept apart: a key id and a secret belong together when they
 * are stored together (one row, one constant table), not when the detector's pairing window (a few lines)
 * would join two strings from opposite ends of a file.
 */
const RUN_GAP = 256;
/** Empty lines put between runs RUN_GAP apart: more than any pairing or keyword window spans. */
const SEPARATOR_LINES = 8;

/**
 * Runs of at least MIN_RUN printable ASCII bytes (space to `~`, and tab), one per line, with their offsets;
 * empty lines between runs far apart.
 */
function printableRuns(bytes: Uint8Array): BlobText {
  const runs: string[] = [];
  const offsets: number[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = -1;
  let lastEnd = -1;
  for (let i = 0; i <= buffer.length; i++) {
    const b = i < buffer.length ? (buffer[i] as number) : 0;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09) {
      if (start === -1) start = i;
      continue;
    }
    if (start !== -1 && i - start >= MIN_RUN) {
      if (lastEnd !== -1 && start - lastEnd > RUN_GAP) {
        for (let k = 0; k < SEPARATOR_LINES; k++) {
          runs.push('');
          offsets.push(lastEnd);
        }
      }
      runs.push(buffer.toString('latin1', start, i));
      offsets.push(start);
      lastEnd = i;
    }
    start = -1;
  }
  const text = runs.join('\n');
  return { text, lineBytes: Buffer.from(text, 'latin1'), offsets };
}

/** A screen (prefilter.ts) for the bytes of a blob read in `encoding`, piece by piece as they stream in. */
export function screenFor(encoding: Encoding): { advance(piece: Uint8Array): boolean } {
  if (encoding === 'utf-8') return new Utf8Screen();
  if (encoding === 'bytes') return new RunScreen();
  return new Utf16Screen(encoding === 'utf-16be');
}

/**
 * `Utf8Screen` of the text UTF-16 bytes decode to: each code unit below 128 is that ASCII byte, any
 * other is a byte of 128 or more (outside every alphabet the screen looks for, and no quote), which is
 * how the screen sees any non-ASCII character in UTF-8. A code unit split between pieces is carried.
 */
class Utf16Screen {
  private readonly inner = new Utf8Screen();
  private carry = -1;

  constructor(private readonly bigEndian: boolean) {}

  advance(piece: Uint8Array): boolean {
    const units = new Uint8Array((piece.length + (this.carry === -1 ? 0 : 1)) >> 1);
    let n = 0;
    let i = 0;
    if (this.carry !== -1 && piece.length > 0) {
      units[n++] = this.unit(this.carry, piece[0] as number);
      this.carry = -1;
      i = 1;
    }
    for (; i + 1 < piece.length; i += 2) units[n++] = this.unit(piece[i] as number, piece[i + 1] as number);
    if (i < piece.length) this.carry = piece[i] as number;
    return this.inner.advance(units.subarray(0, n));
  }

  private unit(first: number, second: number): number {
    const code = this.bigEndian ? (first << 8) | second : (second << 8) | first;
    return code < 128 ? code : 0xff;
  }
}

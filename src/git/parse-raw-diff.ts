// A pure parser for `git diff --raw -z --no-abbrev` output (https://git-scm.com/docs/git-diff#_raw_output_format).
//
// A real sample (`git diff --cached --raw -z --no-abbrev -M -C`, NUL bytes shown as `@`, one record per
// line here for reading; git prints them back to back):
//
//   :100644 100644 96cc558853a03c5d901661af837fceb7a81f58f6 96cc558853a03c5d901661af837fceb7a81f58f6 C100@keep.txt@copy.txt@
//   :100644 000000 587be6b4c3f93f93c489c0111bba5596147a26cb 0000000000000000000000000000000000000000 D@gone.txt@
//   :100644 100644 96cc558853a03c5d901661af837fceb7a81f58f6 1c5a36f5d2e2f5293d62440acef04fbbd683e447 M@keep.txt@
//   :120000 100644 1764325aa997b79e6f74da850facef86261812e1 8e27be7d6154a1f68ea9160ef0e18691d20560dc T@link@
//   :100644 100755 78981922613b2afb6025042ff6bd878ac1994e85 78981922613b2afb6025042ff6bd878ac1994e85 M@mode.sh@
//   :100644 100644 1c99002b20b3c0e11a95c8423601a38fff9b3675 1c99002b20b3c0e11a95c8423601a38fff9b3675 R100@old-name.txt@new name.txt@
//   :000000 100644 0000000000000000000000000000000000000000 61780798228d17af2d34fce4cfbdf35556832472 A@tab	here@
//
// That is: `:<src mode> <dst mode> <src oid> <dst oid> <status>[<score>]` NUL `<path>` NUL, with a second
// path NUL for renames (R) and copies (C): the source first, then the destination. With -z the paths are
// verbatim bytes (no quoting, even for tabs, newlines or non-ASCII). Object ids are 40 hex digits in SHA-1
// repositories and 64 in SHA-256 ones; an all-zero id means "no object on this side".

/** One changed path. For renames and copies `path` is the new side and `sourcePath` the old one. */
export interface RawChange {
  status: RawStatus;
  /** Similarity (R, C) or dissimilarity (M with -B) in percent, when git printed one. */
  score: number | undefined;
  srcMode: string;
  dstMode: string;
  srcOid: string;
  dstOid: string;
  /** The path on the new side (for D, the deleted path). */
  path: string;
  /** Only for R and C: the path the content came from. */
  sourcePath: string | undefined;
}

/** A added, C copied, D deleted, M modified, R renamed, T type changed, U unmerged, X unknown. */
export type RawStatus = 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U' | 'X';

const STATUSES = new Set<string>(['A', 'C', 'D', 'M', 'R', 'T', 'U', 'X']);
const HEADER = /^:([0-7]{6}) ([0-7]{6}) ([0-9a-f]+) ([0-9a-f]+) ([ACDMRTUX])([0-9]*)$/;

/** Parses the whole `--raw -z` output. Throws on anything that is not that format (a wrong flag, a bug). */
export function parseRawDiff(output: Uint8Array): RawChange[] {
  const bytes = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const changes: RawChange[] = [];
  for (let at = 0; at < bytes.length; ) {
    const { change, next } = parseRawRecord(bytes, at);
    changes.push(change);
    at = next;
  }
  return changes;
}

/**
 * Parses the one record that starts at `at` and says where the next one starts. A record's length is
 * known from its status (one path, or two for R and C), so records can be read out of a longer stream
 * (`git log --raw -z`, src/git/history.ts) whatever bytes the paths hold.
 */
export function parseRawRecord(bytes: Buffer, at: number): { change: RawChange; next: number } {
  let next = at;
  const field = (): string => {
    const end = bytes.indexOf(0, next);
    if (end === -1) throw new Error(`unexpected end of git --raw output at byte ${next}`);
    const text = bytes.toString('utf8', next, end);
    next = end + 1;
    return text;
  };
  const header = field();
  const match = HEADER.exec(header);
  if (!match || !STATUSES.has(match[5] ?? ''))
    throw new Error(`unexpected git --raw record: ${JSON.stringify(header)}`);
  const [, srcMode = '', dstMode = '', srcOid = '', dstOid = '', status = '', score = ''] = match;
  const first = field();
  const twoPaths = status === 'R' || status === 'C';
  const second = twoPaths ? field() : undefined;
  const change: RawChange = {
    status: status as RawStatus,
    score: score === '' ? undefined : Number(score),
    srcMode,
    dstMode,
    srcOid,
    dstOid,
    path: second ?? first,
    sourcePath: twoPaths ? first : undefined,
  };
  return { change, next };
}

/** True for an object id of all zeros: "nothing on this side" (added or deleted). */
export function isNullOid(oid: string): boolean {
  return /^0+$/.test(oid);
}

/** Regular files (100644, 100755 and the historical 100664); not symlinks (120000) or gitlinks (160000). */
export function isRegularFileMode(mode: string): boolean {
  return mode.startsWith('100');
}

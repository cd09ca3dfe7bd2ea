// Exactly what the next commit adds (docs/staged-changes.md), read with the git binary:
//
// 1. `git diff --cached --raw -z` lists what the index changes relative to HEAD. With no argument git
//    compares with HEAD, and on an unborn branch (the first commit) with nothing at all: the same thing
//    as the empty tree, without a `rev-parse HEAD` round trip and for SHA-1 and SHA-256 repositories
//    alike (https://git-scm.com/docs/git-diff: "If HEAD does not exist (e.g. unborn branches) and
//    <commit> is not given, it shows all staged changes").
// 2. ONE `git cat-file --batch` process, started at the same moment as the diff so their start-ups
//    overlap, streams the index blob of each change and the blob it is compared with.
//
// Only the index is read, never the work tree: after `git add -p` they differ and the index is what gets
// committed. The environment is inherited (src/git/exec.ts), so for `git commit -a` / `git commit <path>`
// git's temporary GIT_INDEX_FILE is the index read here.
//
// Start-up is the cost of every commit, so the two git processes are spawned before anything else
// happens; the modules that read their answers are loaded while git works.
import type { BlobText, Encoding } from '../detect/blob-text.js';
import type { SkipReason } from '../scan-result.js';
import type { addedLines as AddedLinesFn, LineRanges } from './added-lines.js';
import type { CatFileBatch, ObjectHeader, Screen } from './cat-file-batch.js';
import { GitError, gitMessages, GitSetupError } from './errors.js';
import { outputOf, startGit, stopGit, type GitContext, type GitOutput } from './exec.js';
import {
  BIG_BLOB,
  collectGarbage,
  preferThroughput,
  PULSE_BYTES,
  prepareCollector,
  THROUGHPUT_BYTES,
} from './memory.js';
import { isNullOid, isRegularFileMode, parseRawDiff, type RawChange } from './parse-raw-diff.js';

/** Line numbers (1-based) of the staged blob that are new; `has` is all a consumer needs. */
export type AddedLines = Pick<LineRanges, 'has' | 'size'> & Iterable<number>;

/**
 * One blob read from git (a staged path, or a path a commit changed): its text and added lines, or why
 * it was skipped. Consume each entry before asking for the next one: the text of a big blob (8 MB or
 * more) is emptied when the next entry is requested, so that only one big blob is in memory at a time.
 */
export type BlobEntry =
  | {
      kind: 'text';
      path: string;
      text: string;
      addedLines: AddedLines;
      sourcePath?: string;
      /** How its bytes were read, when not as UTF-8 (see `decode`). */
      encoding?: Encoding;
      /** Read as a binary file's printable runs: the byte offset of each line of `text` in the blob. */
      offsets?: readonly number[];
      /** `screen` said the consumer has nothing to look for in it: `text` is '', `addedLines` empty. */
      screened?: true;
    }
  | { kind: 'skipped'; path: string; reason: SkipReason };

/** What the staged reader yields: one entry per staged path, after the index contents `preload` asked for. */
export type StagedEntry =
  | BlobEntry
  /** First, when `preload` was given: those paths' index contents (undefined where not in the index). */
  | { kind: 'preloaded'; files: ReadonlyMap<string, string | undefined> };

export interface StagedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * Decides from a blob's first PROBE_BYTES bytes (all of it if smaller) whether it is skipped, and why
   * (an LFS pointer), or how its bytes are read (an `Encoding`, given to `screen` and `decode`; undefined
   * means UTF-8). A skipped blob is read past without being kept in memory.
   */
  classify: (head: Uint8Array) => SkipReason | Encoding | undefined;
  /**
   * The text of a kept blob read in its encoding, and the bytes whose lines are compared with the old
   * side's (decoded the same way). Without it every kept blob is UTF-8.
   */
  decode?: (bytes: Buffer, encoding: Encoding) => BlobText;
  /**
   * Small files to read from the index (`:<path>`) through the same cat-file process before the changes,
   * e.g. the configuration: one process fewer to start on every commit.
   */
  preload?: readonly string[];
  /**
   * Decides from a kept blob's bytes whether the consumer needs its text at all (e.g. a detector's
   * prefilter). One screen per blob; `advance(piece)` sees each piece as it streams in, and its answer
   * after the last one decides. When it is false the blob is neither assembled, nor decoded, nor compared
   * with its old side (which is read past): the entry is `screened`. A clean 50 MB blob then costs no
   * copy and no text, and the screening overlaps git's writing the blob. It is given the blob's encoding
   * (`classify`), known from its first bytes before the screen sees any.
   */
  screen?: (encoding: Encoding) => Screen;
}

/** How much of a blob `classify` sees: git's own binary test looks at the first 8 KB too. */
const PROBE_BYTES = 8 * 1024;

/**
 * The listing command. Beyond `--raw -z --no-abbrev` (verbatim paths, full object ids):
 * - `-M`: a renamed file is compared with its source, so only the lines that are new relative to the
 *   source count: a rename moves lines. A copy adds them (the source keeps its lines), so copies are not
 *   asked for (`-C`): a copy is listed as an added file, all of whose lines are new;
 * - `--no-ext-diff --no-textconv`: never run a user-configured program;
 * - `--ignore-submodules`: a submodule's commit is not content of this repository;
 * - `diff.relative=false`: that config would hide changes outside the current directory.
 */
const DIFF_ARGS: readonly string[] = [
  '-c',
  'diff.relative=false',
  'diff',
  '--cached',
  '--raw',
  '-z',
  '--no-abbrev',
  '-M',
  '--no-ext-diff',
  '--no-textconv',
  '--ignore-submodules',
  '--no-color',
];

/** The one process that streams every blob (see cat-file-batch.ts, loaded only once it runs). */
const CAT_FILE_ARGS = ['cat-file', '--batch'];

/** A blob to read: the staged one, and the one its lines are compared with (none for new files). */
export interface BlobRead {
  path: string;
  newOid: string;
  oldOid: string | undefined;
  /** For renames: the path the content came from (a baseline entry there still applies). */
  sourcePath?: string;
}

/** A symlink's blob is its target: a short string, scanned as text (the link is never followed). */
const SYMLINK_MODE = '120000';

/** Content worth reading: a regular file, or a symlink's target. */
function hasText(mode: string): boolean {
  return isRegularFileMode(mode) || mode === SYMLINK_MODE;
}

/**
 * Which changes have content to scan. Added, modified, renamed (the new side, compared with the source),
 * copied (the new side, every line added: a copy adds its lines at the path it lands on, whatever the
 * source's baseline or ignore rules say) and type-changed entries are read, regular files and symlinks
 * (their target) alike. Not read: deletions, submodules (160000), unmerged entries, and changes whose
 * content did not change at all (a pure rename, a mode change): they add no line.
 */
export function planBlobReads(changes: readonly RawChange[]): BlobRead[] {
  const reads: BlobRead[] = [];
  for (const change of changes) {
    if (change.status === 'D' || change.status === 'U' || change.status === 'X') continue;
    if (!hasText(change.dstMode) || isNullOid(change.dstOid)) continue;
    if (change.status === 'C') {
      reads.push({ path: change.path, newOid: change.dstOid, oldOid: undefined });
      continue;
    }
    // A file that was a symlink (or a submodule) before, or the reverse, has no old lines worth comparing with.
    const sameKind = isRegularFileMode(change.srcMode) === isRegularFileMode(change.dstMode) && hasText(change.srcMode);
    const oldOid = sameKind && !isNullOid(change.srcOid) ? change.srcOid : undefined;
    if (oldOid === change.dstOid) continue;
    reads.push({
      path: change.path,
      newOid: change.dstOid,
      oldOid,
      ...(change.sourcePath !== undefined ? { sourcePath: change.sourcePath } : {}),
    });
  }
  return reads;
}

/**
 * Yields each staged text blob with its added lines, or why it was skipped, in git's path order.
 * A consumer that stops early must call `return()` (a `for await` loop does on `break` and on a throw
 * inside it): that stops the cat-file process, which would otherwise block on a full pipe and keep the
 * process alive.
 */
export async function* readStagedChanges(options: StagedOptions): AsyncGenerator<StagedEntry> {
  const context: GitContext = { cwd: options.cwd, env: options.env };
  // The diff first: it is on the critical path, and it runs while cat-file is spawned.
  const listing = outputOf(startGit(DIFF_ARGS, context));
  const catFile = startGit(CAT_FILE_ARGS, context);
  // Awaited below, after the modules load; until then a failure must not count as unhandled.
  listing.catch(() => {});
  let complete = false;
  try {
    const [{ CatFileBatch }, { addedLines }] = await Promise.all([
      import('./cat-file-batch.js'),
      import('./added-lines.js'),
    ]);
    const batch = new CatFileBatch(catFile, context);
    const preload = options.preload ?? [];
    // `:path` is the stage-0 index entry of `path` (relative to the top of the work tree), read from the
    // same index as the changes: GIT_INDEX_FILE for `git commit -a` is inherited.
    batch.request(preload.map((path) => `:${path}`));
    const reads = planBlobReads(parseRawDiff(await listStaged(listing, context)));
    batch.request(blobIds(reads));
    batch.endRequests();
    if (preload.length > 0) {
      const files = new Map<string, string | undefined>();
      for (const path of preload) {
        const header = await batch.header();
        if (header.type === 'blob') files.set(path, (await batch.body(header))?.toString('utf8'));
        else {
          await batch.skip(header);
          files.set(path, undefined);
        }
      }
      yield { kind: 'preloaded', files };
    }
    yield* readBlobs(batch, reads, options, addedLines);
    complete = true;
  } finally {
    // On early exit (an error, or the consumer stopped) the process is stopped; otherwise it is
    // already exiting on its own, having answered everything.
    if (!complete) stopGit(catFile);
  }
}

/**
 * The entries of `reads`, one each, in order, from a cat-file process that was asked for `blobIds(reads)`
 * (after anything already read from it). Shared by the staged reader and the history reader.
 */
export async function* readBlobs(
  batch: CatFileBatch,
  reads: readonly BlobRead[],
  options: Pick<StagedOptions, 'classify' | 'screen' | 'decode'>,
  addedLines: typeof AddedLinesFn,
): AsyncGenerator<BlobEntry> {
  const streamed = { bytes: 0, collecting: false };
  for (const read of reads) {
    const entry = await readOne(batch, read, options, addedLines, streamed);
    const big = entry.kind === 'text' && entry.text.length >= BIG_BLOB;
    // A big blob's bytes are garbage now that it is text: free them before the consumer scans the text.
    if (big) collectGarbage('major');
    yield entry;
    // The consumer is done with it (see BlobEntry). Suspended async frames, ours and the consumer's,
    // keep the last entry reachable for a while; emptying its text is what really lets 50 MB go.
    if (big) (entry as { text: string }).text = '';
  }
}

/** The ids to ask cat-file for, in the order `readBlobs` reads the answers: each blob, then its old side. */
export function blobIds(reads: readonly BlobRead[]): string[] {
  return reads.flatMap((read) => (read.oldOid ? [read.newOid, read.oldOid] : [read.newOid]));
}

async function listStaged(listing: Promise<GitOutput>, context: GitContext): Promise<Buffer> {
  try {
    return (await listing).stdout;
  } catch (error) {
    // Outside a repository `git diff` falls back to --no-index mode and rejects --cached as a usage
    // error; say what is really wrong.
    if (error instanceof GitError) {
      const { findRepository } = await import('./repository.js');
      if (!(await findRepository(context))) throw new GitSetupError('not-a-repository', { cause: error });
    }
    throw error;
  }
}

async function readOne(
  batch: CatFileBatch,
  read: BlobRead,
  { classify, screen, decode = asUtf8 }: Pick<StagedOptions, 'classify' | 'screen' | 'decode'>,
  addedLines: typeof AddedLinesFn,
  streamed: { bytes: number; collecting: boolean },
): Promise<BlobEntry> {
  let reason: SkipReason | undefined;
  let encoding: Encoding = 'utf-8';
  const newHeader = expectBlob(await batch.header(), read);
  // The staged blobs so far (and this one) make a big diff: see memory.ts.
  if ((streamed.bytes += newHeader.size) >= THROUGHPUT_BYTES && !streamed.collecting) {
    streamed.collecting = true;
    preferThroughput();
    // The pipe's chunks are garbage to collect only when the reader cannot read into buffers of its own.
    if (!batch.reusesBuffers) {
      await prepareCollector();
      batch.everyBytes(PULSE_BYTES, () => collectGarbage('minor'));
    }
  }
  // The previous blob has been scanned: its text is garbage by now, let it go before this one comes in.
  if (newHeader.size >= BIG_BLOB) {
    await prepareCollector();
    collectGarbage('major');
  }
  const keep = (head: Buffer): boolean => {
    const kind = classify(head);
    if (kind === undefined || ENCODING_NAMES.has(kind)) encoding = (kind as Encoding | undefined) ?? 'utf-8';
    else reason = kind as SkipReason;
    return reason === undefined;
  };
  // Made at its first piece, once `keep` has seen the head and the encoding is known.
  let screening: Screen | undefined;
  const lazyScreen: Screen | undefined = screen && {
    advance: (piece) => (screening ??= screen(encoding)).advance(piece),
  };
  // A binary blob's pieces are screened, not held: the screen almost never passes one (see `hold`).
  const options = { probe: PROBE_BYTES, keep, hold: () => encoding !== 'bytes' };
  const body = lazyScreen
    ? await batch.body(newHeader, { ...options, screen: lazyScreen })
    : await batch.body(newHeader, options);
  // A symbol: the screen never passed it (cat-file-batch's SCREENED).
  const screened = typeof body === 'symbol';
  const blob = screened ? undefined : body;
  let oldBlob: Buffer | undefined;
  if (read.oldOid) {
    const oldHeader = await batch.header();
    // The old side only matters for a blob we scan; a missing old blob means every line counts as added.
    if (blob && oldHeader.type === 'blob') oldBlob = await batch.body(oldHeader);
    else await batch.skip(oldHeader);
  }
  const source = read.sourcePath !== undefined ? { sourcePath: read.sourcePath } : {};
  const encoded = encoding === 'utf-8' ? {} : { encoding };
  if (screened)
    return {
      kind: 'text',
      path: read.path,
      addedLines: NOTHING_ADDED,
      text: '',
      screened: true,
      ...source,
      ...encoded,
    };
  if (!blob) return { kind: 'skipped', path: read.path, reason: reason ?? 'unreadable' };
  const decoded = decode(blob, encoding);
  // The old side is read the way its own first bytes say (a file converted from UTF-16 to UTF-8 keeps
  // its lines); a skipped old side (an LFS pointer) is compared as it is.
  let oldLines: Uint8Array | undefined = oldBlob;
  if (oldBlob) {
    const oldKind = classify(oldBlob.subarray(0, PROBE_BYTES));
    if (oldKind === undefined || ENCODING_NAMES.has(oldKind))
      oldLines = decode(oldBlob, (oldKind as Encoding | undefined) ?? 'utf-8').lineBytes;
  }
  return {
    kind: 'text',
    path: read.path,
    addedLines: addedLines(oldLines, decoded.lineBytes),
    text: decoded.text,
    ...source,
    ...encoded,
    ...(decoded.offsets ? { offsets: decoded.offsets } : {}),
  };
}

/** The default `decode`: every kept blob is UTF-8 text. */
function asUtf8(bytes: Buffer): BlobText {
  return { text: bytes.toString('utf8'), lineBytes: bytes };
}

/** `Encoding`'s values (detect/blob-text.ts is not loaded here: the reader only tells them apart). */
const ENCODING_NAMES: ReadonlySet<string> = new Set<Encoding>(['utf-8', 'utf-16le', 'utf-16be', 'bytes']);

/** The added lines of a screened blob: none the consumer needs to look at. */
const NOTHING_ADDED: AddedLines = { has: () => false, size: 0, [Symbol.iterator]: () => [][Symbol.iterator]() };

function expectBlob(header: ObjectHeader, read: BlobRead): ObjectHeader {
  // A loose object deleted or overwritten with garbage reads as missing: the repository is damaged, and
  // the blob cannot be scanned, so nothing may pass.
  if (header.type === 'missing' && header.oid === read.newOid) {
    throw new GitSetupError('missing-object', undefined, gitMessages.missingObject(read.newOid, read.path));
  }
  if (header.type !== 'blob' || header.oid !== read.newOid) {
    throw new Error(
      `git cat-file --batch: expected the staged blob ${read.newOid} of ${read.path}, got "${header.oid} ${header.type}"`,
    );
  }
  return header;
}

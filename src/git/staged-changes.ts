// Exactly what the next commit adds (DESIGN.md section 3, issue 3), read with the git binary:
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
import type { SkipReason } from '../scan-result.js';
import type { addedLines as AddedLinesFn, LineRanges } from './added-lines.js';
import type { CatFileBatch, ObjectHeader, Screen } from './cat-file-batch.js';
import { GitError, GitSetupError } from './errors.js';
import { outputOf, startGit, stopGit, type GitContext, type GitOutput } from './exec.js';
import { BIG_BLOB, collectGarbage, preferThroughput, PULSE_BYTES, prepareCollector, THROUGHPUT_BYTES } from './memory.js';
import { isNullOid, isRegularFileMode, parseRawDiff, type RawChange } from './parse-raw-diff.js';

/** Line numbers (1-based) of the staged blob that are new; `has` is all a consumer needs. */
export type AddedLines = Pick<LineRanges, 'has' | 'size'> & Iterable<number>;

/**
 * One staged path. Consume each entry before asking for the next one: the text of a big blob (8 MB or
 * more) is emptied when the next entry is requested, so that only one big blob is in memory at a time.
 */
export type StagedEntry =
  | {
      kind: 'text';
      path: string;
      text: string;
      addedLines: AddedLines;
      sourcePath?: string;
      /** `screen` said the consumer has nothing to look for in it: `text` is '', `addedLines` empty. */
      screened?: true;
    }
  | { kind: 'skipped'; path: string; reason: SkipReason }
  /** First, when `preload` was given: those paths' index contents (undefined where not in the index). */
  | { kind: 'preloaded'; files: ReadonlyMap<string, string | undefined> };

export interface StagedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * Decides from a blob's first PROBE_BYTES bytes (all of it if smaller) whether it is skipped, and why
   * (binary, LFS pointer). A skipped blob is read past without being kept in memory.
   */
  classify: (head: Uint8Array) => SkipReason | undefined;
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
   * copy and no text, and the screening overlaps git's writing the blob.
   */
  screen?: () => Screen;
}


/** How much of a blob `classify` sees: git's own binary test looks at the first 8 KB too. */
export const PROBE_BYTES = 8 * 1024;

/**
 * The listing command. Beyond `--raw -z --no-abbrev` (verbatim paths, full object ids):
 * - `-M -C`: a renamed or copied file is compared with its source, so only the lines that are new
 *   relative to the source count (copies are found among the files changed in the same commit; searching
 *   all tracked files, --find-copies-harder, would make the cost grow with the repository);
 * - `--no-ext-diff --no-textconv`: never run a user-configured program;
 * - `--ignore-submodules`: a submodule's commit is not content of this repository;
 * - `diff.relative=false`: that config would hide changes outside the current directory.
 */
export const DIFF_ARGS: readonly string[] = [
  '-c',
  'diff.relative=false',
  'diff',
  '--cached',
  '--raw',
  '-z',
  '--no-abbrev',
  '-M',
  '-C',
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
  /** For renames and copies: the path the content came from (a baseline entry there still applies). */
  sourcePath?: string;
}

/**
 * Which changes have content to scan. Added, modified, renamed/copied (the new side, compared with the
 * source) and type-changed-to-a-regular-file entries are read. Not read: deletions, submodules
 * (160000), symlinks (120000), unmerged entries, and changes whose content did not change at all (a
 * pure rename or copy, a mode change): they add no line.
 */
export function planBlobReads(changes: readonly RawChange[]): BlobRead[] {
  const reads: BlobRead[] = [];
  for (const change of changes) {
    if (change.status === 'D' || change.status === 'U' || change.status === 'X') continue;
    if (!isRegularFileMode(change.dstMode) || isNullOid(change.dstOid)) continue;
    // A file that was a symlink (or a submodule) before has no old lines worth comparing with.
    const oldOid = isRegularFileMode(change.srcMode) && !isNullOid(change.srcOid) ? change.srcOid : undefined;
    if (oldOid === change.dstOid) continue;
    reads.push({ path: change.path, newOid: change.dstOid, oldOid, ...(change.sourcePath !== undefined ? { sourcePath: change.sourcePath } : {}) });
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
    const [{ CatFileBatch }, { addedLines }] = await Promise.all([import('./cat-file-batch.js'), import('./added-lines.js')]);
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
  options: Pick<StagedOptions, 'classify' | 'screen'>,
  addedLines: typeof AddedLinesFn,
): AsyncGenerator<StagedEntry & { kind: 'text' | 'skipped' }> {
  const streamed = { bytes: 0 };
  for (const read of reads) {
    const entry = await readOne(batch, read, options, addedLines, streamed);
    const big = entry.kind === 'text' && entry.text.length >= BIG_BLOB;
    // A big blob's bytes are garbage now that it is text: free them before the consumer scans the text.
    if (big) collectGarbage('major');
    yield entry;
    // The consumer is done with it (see StagedEntry). Suspended async frames, ours and the consumer's,
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
  { classify, screen }: Pick<StagedOptions, 'classify' | 'screen'>,
  addedLines: typeof AddedLinesFn,
  streamed: { bytes: number },
): Promise<StagedEntry & { kind: 'text' | 'skipped' }> {
  let reason: SkipReason | undefined;
  const newHeader = expectBlob(await batch.header(), read);
  // The staged blobs so far (and this one) make a big diff: see memory.ts.
  if ((streamed.bytes += newHeader.size) >= THROUGHPUT_BYTES) preferThroughput();
  const big = newHeader.size >= BIG_BLOB;
  if (big) {
    await prepareCollector();
    // The previous blob has been scanned: its text is garbage by now, let it go before this one comes in.
    collectGarbage('major');
  }
  const pulse = big ? { pulse: () => collectGarbage('minor'), pulseBytes: PULSE_BYTES } : {};
  const screening = screen?.();
  const options = { probe: PROBE_BYTES, keep: (head: Buffer) => (reason = classify(head)) === undefined, ...pulse };
  const body = screening ? await batch.body(newHeader, { ...options, screen: screening }) : await batch.body(newHeader, options);
  // A symbol: the screen never passed it (cat-file-batch's SCREENED).
  const screened = typeof body === 'symbol';
  const blob = screened ? undefined : body;
  let oldBlob: Buffer | undefined;
  if (read.oldOid) {
    const oldHeader = await batch.header();
    // The old side only matters for a blob we scan; a missing old blob means every line counts as added.
    if (blob && oldHeader.type === 'blob') oldBlob = await batch.body(oldHeader, pulse);
    else await batch.skip(oldHeader);
  }
  if (screened) {
    return {
      kind: 'text',
      path: read.path,
      addedLines: NOTHING_ADDED,
      text: '',
      screened: true,
      ...(read.sourcePath !== undefined ? { sourcePath: read.sourcePath } : {}),
    };
  }
  if (!blob) return { kind: 'skipped', path: read.path, reason: reason ?? 'unreadable' };
  return {
    kind: 'text',
    path: read.path,
    addedLines: addedLines(oldBlob, blob),
    text: blob.toString('utf8'),
    ...(read.sourcePath !== undefined ? { sourcePath: read.sourcePath } : {}),
  };
}

/** The added lines of a screened blob: none the consumer needs to look at. */
const NOTHING_ADDED: AddedLines = { has: () => false, size: 0, [Symbol.iterator]: () => [][Symbol.iterator]() };

function expectBlob(header: ObjectHeader, read: BlobRead): ObjectHeader {
  if (header.type !== 'blob' || header.oid !== read.newOid) {
    throw new Error(`git cat-file --batch: expected the staged blob ${read.newOid} of ${read.path}, got "${header.oid} ${header.type}"`);
  }
  return header;
}

// Every line that commits in a range added (`keyguard scan --history [range]`, docs/history.md): the
// CI check that catches what `git commit --no-verify` let through, and the scan of a repository's past.
//
// The same pieces as the staged reader (staged-changes.ts), one commit at a time:
// 1. `git log --raw -z` lists, for each commit of the range, what it changed relative to its parent,
//    with rename detection (a moved file is compared with its source, so its lines are not new; a copy
//    is an added file: its lines are new at the path they land on);
// 2. ONE `git cat-file --batch` process, started with the listing, streams each changed blob and the
//    blob it replaced; the screen, the decoding, the added lines and the LFS test are the staged reader's.
// A credential is therefore reported once, at the commit that added it, at its line in that commit's
// blob. Merge commits show no changes of their own here (git log shows none without -m/--cc): what a
// merge brings in was added by the commits of the merged branch, which the range holds.
import { BadRevisionError, GitError, GitSetupError, gitMessages } from './errors.js';
import { oldGitError } from './version.js';
import { outputOf, runGit, startGit, stopGit, type GitContext } from './exec.js';
import { parseRawRecord, type RawChange } from './parse-raw-diff.js';
import {
  blobIds,
  planBlobReads,
  readBlobs,
  type BlobEntry,
  type BlobRead,
  type StagedOptions,
} from './staged-changes.js';

/** Starts each commit's header in the listing (`--format=%x01%H`); records start with `:`. */
const COMMIT_MARK = 0x01;
const RECORD_MARK = 0x3a;

/**
 * The listing command, before the revisions. Beyond the staged reader's choices (`-M`, no external
 * diff or textconv, submodules ignored): `--root` so that a range's first commit shows its files as
 * added, and no signature checks (`log.showSignature` would print around the records).
 */
function historyArgs(revisions: readonly string[], options: { newOnly?: boolean } = {}): string[] {
  return [
    '-c',
    'log.showSignature=false',
    '-c',
    'diff.relative=false',
    'log',
    '--raw',
    '-z',
    '--no-abbrev',
    '-M',
    '--root',
    '--no-ext-diff',
    '--no-textconv',
    '--ignore-submodules',
    '--no-color',
    '--format=%x01%H',
    // newOnly: the revisions come on standard input (as many as a push brings; git reads them all as
    // positive, and dies on a line that looks like an option), and what any ref reaches is left out.
    ...(options.newOnly ? ['--not', '--all', '--stdin'] : []),
    // A revision can never be taken for an option, whatever the user passed.
    '--end-of-options',
    ...(options.newOnly ? [] : revisions.length > 0 ? revisions : ['HEAD']),
    '--',
  ];
}

export interface LoggedCommit {
  commit: string;
  changes: RawChange[];
}

/** One item of the listing: a commit's header, or one of its changes. */
export type LogItem = { kind: 'commit'; commit: string } | { kind: 'change'; change: RawChange };

/**
 * Reads `git log --raw -z --format=%x01%H` output item by item: `\x01<id>\0`, a newline when records
 * follow, then the commit's `--raw -z` records. Record by record, never by searching for the next mark
 * (a path may hold any byte but NUL); lazily, so that a long history is never all objects at once.
 */
export function* logItems(output: Uint8Array): Generator<LogItem> {
  const bytes = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  let inCommit = false;
  let at = 0;
  while (at < bytes.length) {
    const byte = bytes[at];
    if (byte === COMMIT_MARK) {
      const end = bytes.indexOf(0, at + 1);
      if (end === -1) throw new Error(`unexpected end of git log output at byte ${at}`);
      inCommit = true;
      yield { kind: 'commit', commit: bytes.toString('latin1', at + 1, end) };
      at = end + 1;
    } else if (byte === 0x0a && inCommit) {
      at++;
    } else if (byte === RECORD_MARK && inCommit) {
      const { change, next } = parseRawRecord(bytes, at);
      yield { kind: 'change', change };
      at = next;
    } else {
      throw new Error(`unexpected git log output at byte ${at}`);
    }
  }
}

/** The whole listing as commits with their changes (tests; the reader goes item by item). */
export function parseLog(output: Uint8Array): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const item of logItems(output)) {
    if (item.kind === 'commit') commits.push({ commit: item.commit, changes: [] });
    else commits.at(-1)?.changes.push(item.change);
  }
  return commits;
}

/**
 * Reads are planned and asked for this many at a time (cat-file's input stays open between batches):
 * memory follows the batch, not the length of the history.
 */
export const BATCH_READS = 1024;

export type HistoryEntry =
  /** First: how many commits the range has (for a progress line). */
  | { kind: 'listed'; commits: number }
  /** A changed file of the `ordinal`th commit (0-based, newest first, git log's order). */
  | { kind: 'blob'; commit: string; ordinal: number; entry: BlobEntry };

export interface HistoryOptions extends Pick<StagedOptions, 'cwd' | 'env' | 'classify' | 'screen' | 'decode'> {
  /** git log's revisions (`origin/main..HEAD`, a branch, `^<commit>`); never taken for options (historyArgs). */
  revisions: readonly string[];
  /** Only the commits no ref reaches yet (a server receiving a push); `revisions` are then object ids. */
  newOnly?: boolean;
}

/**
 * Yields the listing's size, then each changed text blob of each commit with its added lines (or why it
 * was skipped), newest commit first. Same contract as `readStagedChanges`: consume each entry before
 * asking for the next; a consumer that stops early calls `return()`, which stops the cat-file process.
 */
export async function* readHistory(options: HistoryOptions): AsyncGenerator<HistoryEntry> {
  const context: GitContext = { cwd: options.cwd, env: options.env };
  const newOnly = options.newOnly === true;
  const listing = outputOf(
    startGit(historyArgs(options.revisions, { newOnly }), { cwd: context.cwd, env: { ...context.env, LC_ALL: 'C' } }),
    newOnly ? { input: `${options.revisions.join('\n')}\n` } : {},
  );
  const catFile = startGit(['cat-file', '--batch'], context);
  listing.catch(() => {});
  let complete = false;
  try {
    const [{ CatFileBatch }, { addedLines }] = await Promise.all([
      import('./cat-file-batch.js'),
      import('./added-lines.js'),
    ]);
    const output = await listHistory(listing, context);
    // A first walk only counts (for the progress line); the second plans the reads.
    let commits = 0;
    for (const item of logItems(output)) if (item.kind === 'commit') commits++;
    yield { kind: 'listed', commits };
    const batch = new CatFileBatch(catFile, context);
    type Read = BlobRead & { ordinal: number; commit: string };
    let pending: Read[] = [];
    // Asks for one batch and yields its entries; the last batch also tells cat-file that nothing follows.
    const flush = async function* (last: boolean): AsyncGenerator<HistoryEntry> {
      const reads = pending;
      pending = [];
      batch.request(blobIds(reads));
      if (last) batch.endRequests();
      let index = 0;
      for await (const entry of readBlobs(batch, reads, options, addedLines)) {
        const read = reads[index++] as Read;
        yield { kind: 'blob', commit: read.commit, ordinal: read.ordinal, entry };
      }
    };
    let ordinal = -1;
    let commit = '';
    for (const item of logItems(output)) {
      if (item.kind === 'commit') {
        ordinal++;
        commit = item.commit;
        continue;
      }
      for (const read of planBlobReads([item.change])) pending.push({ ...read, commit, ordinal });
      if (pending.length >= BATCH_READS) yield* flush(false);
    }
    yield* flush(true);
    complete = true;
  } finally {
    if (!complete) stopGit(catFile);
  }
}

async function listHistory(listing: ReturnType<typeof outputOf>, context: GitContext): Promise<Buffer> {
  try {
    return (await listing).stdout;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const { findRepository } = await import('./repository.js');
    if (!(await findRepository(context))) throw new GitSetupError('not-a-repository', { cause: error });
    // e.g. "fatal: ambiguous argument 'nope': unknown revision or path not in the working tree."
    const said = error.failure.stderr.trim().split('\n');
    const line = (said.find((l) => l.startsWith('fatal:')) ?? said[0] ?? '').replace(/^fatal:\s*/, '');
    // In a shallow clone (CI checkouts are, by default) the range is usually fine but not fetched: say so,
    // with the fetch that brings it (from `origin` when there is one, as a CI checkout has).
    const shallow = await runGit(['rev-parse', '--is-shallow-repository'], context).catch(() => undefined);
    if (shallow?.stdout.toString().trim() === 'true') {
      const remotes =
        (await runGit(['remote'], context).catch(() => undefined))?.stdout.toString().split('\n').filter(Boolean) ?? [];
      throw new BadRevisionError(gitMessages.shallowRange(line, remotes.includes('origin') ? 'origin' : remotes[0]), {
        cause: error,
      });
    }
    throw new BadRevisionError(`git log: ${line}`, { cause: error });
  }
}

/**
 * Where files of `commit` are in HEAD when later commits renamed them (`path` -> its name in HEAD), for
 * the report's advice about the file that holds a key now. One `git diff -M --name-status -z commit HEAD`
 * (renames found as git log finds them); a path left out is where it was, or gone. Empty when there is no
 * HEAD to compare with.
 *
 *   R093 NUL .env NUL config/app.env NUL M NUL README.md NUL
 */
export async function renamedInHead(
  commit: string,
  paths: readonly string[],
  context: GitContext,
): Promise<Map<string, string>> {
  const renamed = new Map<string, string>();
  const wanted = new Set(paths);
  const { stdout } = await runGit(
    [
      '-c',
      'diff.relative=false',
      'diff',
      '--name-status',
      '-z',
      '-M',
      '--diff-filter=R',
      '--no-ext-diff',
      '--end-of-options',
      commit,
      'HEAD',
      '--',
    ],
    context,
    { okExitCodes: 'any' },
  );
  const fields = stdout.toString('utf8').split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const [status = '', from = '', to = ''] = fields.slice(i, i + 3);
    if (status.startsWith('R') && wanted.has(from)) renamed.set(from, to);
  }
  return renamed;
}

/** Whether HEAD names a commit: in a repository made by `git init` and never committed to, it does not. */
export async function headHasCommit(context: GitContext): Promise<boolean> {
  const { exitCode } = await runGit(
    ['rev-parse', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}'],
    context,
    { okExitCodes: 'any' },
  );
  if (exitCode === 0) return true;
  // A git before 2.24 fails here silently too (it takes --end-of-options for a revision), and "no commits
  // yet" would then pass a history that was never read.
  const old = await oldGitError(context);
  if (old) throw old;
  return false;
}

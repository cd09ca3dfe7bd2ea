// The scan service: files, standard input, the staged changes, history, a push, a commit message and a
// server's pre-receive, each into a ScanResult. What the API (src/index.ts) exports and `keyguard scan`
// runs; filters.ts applies what the user allowed, files.ts reads the paths given.
// `fs.promises`, not node:fs/promises: requiring that loads a dozen of Node's own modules at once (readline
// among them); node:fs's getter loads them on first use, and a clean commit reads nothing from disk.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_BASELINE } from '../config/config.js';
import { CONFIG_FILE, diskReader, type FileReader } from '../config/load-config.js';
import { BINARY_RULES, blobText, classifyBlob, screenFor, type BlobText } from '../detect/blob-text.js';
import { detect, detectWithoutPrefilter } from '../detect/index.js';
import type { Finding } from '../detect/types.js';
import { KeyguardError } from '../errors.js';
import type { BlobEntry } from '../git/staged-changes.js';
import { messages } from '../messages.js';
import type { LocatedFinding, ScanResult } from '../scan-result.js';
import { type Filters, loadFilters, record, repoPath } from './filters.js';
import { readRegularFile, walk } from './files.js';

/** In a binary file's printable runs only the rules whose evidence noise cannot produce count. */
function binaryFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => BINARY_RULES.has(f.rule));
}

/** Keeps the findings whose secret or key id lies on an added line: a commit is blocked for what it adds, not for what was already there. */
export function onAddedLines(findings: readonly Finding[], added: { has(line: number): boolean }): Finding[] {
  return findings.filter((f) => added.has(f.line) || (f.secretLine !== undefined && added.has(f.secretLine)));
}

/** A path given to scan, or git's commit message file, that cannot be read. */
export class UnreadablePathError extends KeyguardError {}

/** Scans files and directories as given (how lint-staged calls it). A missing path is a usage error. */
export async function scanPaths(
  paths: readonly string[],
  options: { cwd?: string; filters?: Filters } = {},
): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const filters = options.filters;
  const result: ScanResult = { source: 'files', findings: [], skipped: [], scannedFiles: 0 };
  for (const root of paths) {
    try {
      await fs.stat(resolve(cwd, root));
    } catch (error) {
      throw new UnreadablePathError(messages.cannotRead(root, (error as NodeJS.ErrnoException).code), { cause: error });
    }
    for await (const path of walk(root, cwd)) {
      const where = filters ? repoPath(filters, path, cwd) : path;
      if (filters?.ignored(where)) {
        result.skipped.push({ path, reason: 'ignored' });
        continue;
      }
      let bytes: Buffer | undefined;
      try {
        bytes = await readRegularFile(resolve(cwd, path));
      } catch {
        result.skipped.push({ path, reason: 'unreadable' });
        continue;
      }
      if (bytes === undefined) result.skipped.push({ path, reason: 'not-a-file' });
      else scanBytes(path, bytes, result, filters, where);
    }
  }
  return result;
}

export function scanBytes(path: string, bytes: Buffer, result: ScanResult, filters?: Filters, where = path): void {
  const kind = classifyBlob(bytes);
  if (kind === 'lfs-pointer') {
    result.skipped.push({ path, reason: kind });
    return;
  }
  result.scannedFiles++;
  const decoded: BlobText = blobText(bytes, kind);
  let findings = detect(decoded.text, { path });
  if (decoded.offsets) {
    (result.binaryScanned ??= []).push({ path });
    findings = binaryFindings(findings);
  }
  record(result, path, decoded.text, findings, filters, {
    repoPath: where,
    ...(decoded.offsets ? { offsets: decoded.offsets } : {}),
  });
}

export async function scanStdin(input: AsyncIterable<Buffer | string>, filters?: Filters): Promise<ScanResult> {
  const bytes = await readAll(input);
  const result: ScanResult = { source: 'stdin', findings: [], skipped: [], scannedFiles: 0 };
  scanBytes('-', bytes, result, filters);
  return result;
}

/** All of standard input (or git's input to a hook). */
async function readAll(input: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * One blob from a git reader (staged or history): listed as skipped or ignored, or counted and scanned,
 * keeping the findings on its added lines. `commit`: the commit that added it (history).
 */
function scanEntry(
  result: ScanResult,
  entry: BlobEntry & { kind: 'text' | 'skipped' },
  filters: Filters,
  commit?: string,
): void {
  const inCommit = commit === undefined ? {} : { commit };
  if (entry.kind === 'skipped' || filters.ignored(entry.path)) {
    result.skipped.push({ path: entry.path, reason: entry.kind === 'skipped' ? entry.reason : 'ignored', ...inCommit });
    return;
  }
  result.scannedFiles++;
  // Read as a binary file's printable runs (decided from its first bytes, so even when screened).
  if (entry.encoding === 'bytes' && (entry.offsets || entry.screened))
    (result.binaryScanned ??= []).push({ path: entry.path, ...inCommit });
  // Nothing the detector could find in it (the reader's screen: the detector's prefilter).
  if (entry.screened) return;
  // A blob with no added line (only deletions) cannot add a credential: no need to run the detector.
  if (entry.addedLines.size === 0) return;
  // Its bytes passed the prefilter already (the screen): the full pass, without repeating it.
  let found = onAddedLines(detectWithoutPrefilter(entry.text, { path: entry.path }), entry.addedLines);
  if (entry.offsets) found = binaryFindings(found);
  record(result, entry.path, entry.text, found, filters, {
    repoPath: entry.path,
    ...inCommit,
    ...(entry.sourcePath !== undefined ? { oldPath: entry.sourcePath } : {}),
    ...(entry.offsets ? { offsets: entry.offsets } : {}),
  });
}

/** The files a scan of the index reads its configuration from (a baseline elsewhere is read when named). */
const INDEX_CONFIG_FILES: readonly string[] = [CONFIG_FILE, 'package.json', DEFAULT_BASELINE];

/** Reads configuration files from the index: the ones already read (`files`), else one by one. */
function indexReader(
  files: ReadonlyMap<string, string | undefined>,
  git: { cwd: string; env: NodeJS.ProcessEnv },
): FileReader {
  return async (path) =>
    files.has(path) ? files.get(path) : (await import('../git/index-files.js')).readIndexFile(git, path);
}

/**
 * Scans exactly what the next commit adds (the index, never the work tree): each staged blob in full (the detector's
 * context), keeping the findings on its added lines. Binary blobs and LFS pointers are listed as skipped.
 * Not a repository / no git: `GitSetupError`, whose message is the one line to show.
 */
export async function scanStaged(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  noAllow?: boolean;
}): Promise<ScanResult> {
  const { readStagedChanges } = await import('../git/staged-changes.js');
  // The configuration comes first, through the reader's own cat-file process: a commit is checked with
  // the rules it contains.
  const preload = INDEX_CONFIG_FILES;
  // A blob the detector's prefilter proves clean is never decoded (most of a big log or bundle).
  const entries = readStagedChanges({
    ...options,
    classify: classifyBlob,
    decode: blobText,
    preload,
    screen: screenFor,
  });
  const result: ScanResult = { source: 'staged', findings: [], skipped: [], scannedFiles: 0 };
  let filters: Filters | undefined;
  try {
    for (let next = await entries.next(); !next.done; next = await entries.next()) {
      const entry = next.value;
      if (entry.kind === 'preloaded') {
        filters = await loadFilters(indexReader(entry.files, options), options.cwd, options);
        continue;
      }
      if (!filters) throw new Error('the staged reader did not read the configuration first');
      scanEntry(result, entry, filters);
    }
  } finally {
    // Leaving early (a configuration error, a detector failure) must stop the reader's git process:
    // left alone it would block on a full pipe and keep this process alive forever.
    await entries.return(undefined);
  }
  return result;
}

/**
 * Scans every line the commits of `revisions` added: each changed blob of each
 * commit in full, keeping the findings on the lines that commit added, so a credential is reported once,
 * at the commit that brought it in. The configuration and baseline are the ones on disk (the checkout a
 * CI job scans). `progress` hears how far the scan is, for a line on a terminal.
 */
export async function scanHistory(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  revisions: readonly string[];
  /** Only the commits no ref reaches yet (scanPreReceive). */
  newOnly?: boolean;
  noAllow?: boolean;
  progress?: (done: number, total: number) => void;
}): Promise<ScanResult> {
  const { readHistory } = await import('../git/history.js');
  const filters = await loadDiskFilters(options);
  const entries = readHistory({ ...options, classify: classifyBlob, decode: blobText, screen: screenFor });
  const result: ScanResult = { source: 'history', findings: [], skipped: [], scannedFiles: 0, commits: 0 };
  try {
    for await (const item of entries) {
      if (item.kind === 'listed') {
        result.commits = item.commits;
        continue;
      }
      options.progress?.(item.ordinal, result.commits ?? 0);
      scanEntry(result, item.entry, filters, item.commit);
    }
  } catch (error) {
    // No range, in a repository nothing was committed to yet: there is no history, which is not an error.
    const { BadRevisionError } = await import('../git/errors.js');
    const { headHasCommit } = await import('../git/history.js');
    if (
      error instanceof BadRevisionError &&
      options.revisions.length === 0 &&
      !options.newOnly &&
      !(await headHasCommit(options))
    ) {
      return { source: 'history', findings: [], skipped: [], scannedFiles: 0, commits: 0 };
    }
    throw error;
  } finally {
    await entries.return(undefined);
  }
  options.progress?.(result.commits ?? 0, result.commits ?? 0);
  await followRenames(result, options);
  return result;
}

/**
 * The report tells the user to ignore a `.env` file for good: by the name that holds it now. Asked of git
 * only for the .env files that have findings (usually none), once per commit that added them.
 */
async function followRenames(result: ScanResult, context: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  const { isEnvFile } = await import('../report/remediation.js');
  const byCommit = new Map<string, LocatedFinding[]>();
  for (const found of result.findings) {
    if (found.commit === undefined || !isEnvFile(found.path)) continue;
    byCommit.set(found.commit, [...(byCommit.get(found.commit) ?? []), found]);
  }
  if (byCommit.size === 0) return;
  const { renamedInHead } = await import('../git/history.js');
  for (const [commit, found] of byCommit) {
    const renamed = await renamedInHead(
      commit,
      found.map((f) => f.path),
      context,
    );
    for (const f of found) {
      const now = renamed.get(f.path);
      if (now !== undefined) f.renamedTo = now;
    }
  }
}

/**
 * Scans the commits a push sends (git's pre-push hook: the remote's name as the first argument, the
 * pushed refs on standard input; see src/git/push.ts) as `scanHistory` scans a range.
 */
export async function scanPush(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  remote: string | undefined;
  input: AsyncIterable<Buffer | string>;
  noAllow?: boolean;
  progress?: (done: number, total: number) => void;
}): Promise<ScanResult> {
  const { parsePushedRefs, pushedRevisions, rebaseBase } = await import('../git/push.js');
  const refs = parsePushedRefs((await readAll(options.input)).toString('utf8'));
  const revisions = await pushedRevisions(refs, options.remote, options);
  // Only deletions: nothing is sent (and no revision must not mean HEAD's whole history).
  if (revisions.length === 0) return { source: 'push', findings: [], skipped: [], scannedFiles: 0, commits: 0 };
  const result: ScanResult = { ...(await scanHistory({ ...options, revisions })), source: 'push' };
  const oldest = result.findings.at(-1)?.commit;
  if (oldest !== undefined) result.rebaseOnto = await rebaseBase(refs, options.remote, oldest, options);
  return result;
}

/**
 * Scans a commit message (the commit-msg hook: git passes the file that holds it). Only what git will
 * keep is read: nothing below the scissors line (`git commit -v` puts the staged diff there, which the
 * pre-commit check has already seen), and no comment lines when git strips them, i.e. when the message
 * was edited (git sets GIT_EDITOR=: for its hooks when no editor runs, as with `-m`, and then keeps
 * them) and `commit.cleanup` does not say otherwise. Stripped lines are blanked, so line numbers stay
 * those of the file. The configuration and baseline are the commit's own (the index), as for --staged.
 */
export async function scanCommitMessage(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file: string;
  noAllow?: boolean;
}): Promise<ScanResult> {
  const { readCommitMessageSettings } = await import('../git/commit-message.js');
  const { requireRepository } = await import('../git/repository.js');
  const { readIndexFiles } = await import('../git/index-files.js');
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(resolve(options.cwd, options.file));
  } catch (error) {
    throw new UnreadablePathError(
      messages.cannotRead(`the commit message ${options.file}`, (error as NodeJS.ErrnoException).code),
      { cause: error },
    );
  }
  const repository = await requireRepository(options);
  const root = repository.topLevel ?? options.cwd;
  const settings = await readCommitMessageSettings(options);
  const edited = options.env.GIT_EDITOR !== ':';
  const strips =
    settings.cleanup === 'strip' || (edited && (settings.cleanup === 'default' || settings.cleanup === undefined));
  const scissors = `${settings.commentChar} ------------------------ >8 ------------------------`;
  const lines = bytes.toString('utf8').split('\n');
  const cut =
    edited && settings.cleanup !== 'verbatim' ? lines.findIndex((line) => line.replace(/\r$/, '') === scissors) : -1;
  const kept = (cut === -1 ? lines : lines.slice(0, cut)).map((line) =>
    strips && line.startsWith(settings.commentChar) ? '' : line,
  );
  const git = { cwd: root, env: options.env };
  const filters = await loadFilters(indexReader(await readIndexFiles(git, INDEX_CONFIG_FILES), git), root, options);
  const result: ScanResult = { source: 'commit-msg', findings: [], skipped: [], scannedFiles: 0 };
  scanBytes(options.file, Buffer.from(kept.join('\n')), result, filters, options.file);
  return result;
}

/**
 * Scans the commits a server receives (git's pre-receive hook: the updated refs on standard input; see
 * src/git/receive.ts): those the new values reach and no ref of the server does, read from the
 * quarantine git runs the hook in. The configuration and baseline are the ones in the directory the hook
 * runs in (the bare repository's), which the server's admin controls and a push cannot change.
 */
export async function scanPreReceive(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input: AsyncIterable<Buffer | string>;
  noAllow?: boolean;
}): Promise<ScanResult> {
  const { objectIdLength, parseReceivedRefs, receivedObjects } = await import('../git/receive.js');
  const input = (await readAll(options.input)).toString('utf8');
  const revisions = receivedObjects(parseReceivedRefs(input, await objectIdLength(options)));
  // Only deletions: nothing is received.
  if (revisions.length === 0) return { source: 'pre-receive', findings: [], skipped: [], scannedFiles: 0, commits: 0 };
  return { ...(await scanHistory({ ...options, revisions, newOnly: true })), source: 'pre-receive' };
}

/**
 * The filters of a scan of files or standard input: the configuration and baseline on disk, at the top
 * of the repository around `cwd` (or `cwd` itself outside one, or without git).
 */
export async function loadDiskFilters(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  noAllow?: boolean;
}): Promise<Filters> {
  const { findRepository } = await import('../git/repository.js');
  const root = (await findRepository(options).catch(() => undefined))?.topLevel ?? options.cwd;
  return loadFilters(diskReader(root), root, options);
}

export { BadRevisionError, GitSetupError } from '../git/errors.js';
export { ConfigError } from '../config/config.js';

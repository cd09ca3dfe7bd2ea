// What can go wrong when keyguard asks git something.
//
// Expected conditions (not inside a repository, no git on PATH, a repository git refuses to read, git
// not answering) are `GitSetupError`s, KeyguardErrors whose message is the one line the user sees (bin.ts
// prints it after `keyguard: ` and exits 2). Anything else git refuses is a `GitError` whose message is
// git's own stderr, with the command and exit code in `cause`.
import { KeyguardError } from '../errors.js';

/**
 * The oldest git keyguard runs with: `git rev-parse --path-format=absolute` (where git runs hooks from,
 * for install and doctor) came in 2.31. Everything else keyguard asks of git is older (`--end-of-options`
 * 2.24, `git config --show-scope` 2.26).
 */
export const MIN_GIT_VERSION = '2.31';

/** The user-facing lines for the expected conditions, kept together so the wording stays consistent (no `keyguard: `: bin.ts adds it). */
export const gitMessages = {
  /** `command`: what the user ran (the command names it), or the command that reads a repository most often. */
  notARepository: (command = 'keyguard scan --staged') => `not a git repository (run \`${command}\` inside one).`,
  gitNotFound: 'git was not found on PATH (install git, or fix PATH for the hook).',
  unsafeRepository: (dir: string) =>
    `git refuses to read ${dir}: it is owned by someone else (git's safe.directory check); if you trust it, run \`git config --global --add safe.directory ${shellWord(dir)}\`.`,
  noAnswer: (seconds: number, command: string) =>
    `git did not answer for ${seconds} s (${command}), so it was stopped (a damaged repository, or a disk that does not respond?); set KEYGUARD_TIMEOUT=<seconds> to wait longer.`,
  notFetched: (oid: string) =>
    `this partial clone does not have object ${oid}, and keyguard never fetches one (that would run what the repository's config names); scan a clone made without --filter.`,
  shallowRange: (gitLine: string, remote: string | undefined) =>
    remote === undefined
      ? `git log: ${gitLine}; this clone is shallow (only part of the history was fetched) and has no remote to fetch the rest from.`
      : `git log: ${gitLine}; this clone is shallow (only part of the history was fetched): if the range is older, run \`git fetch --unshallow ${shellWord(remote)}\` and scan again.`,
  missingObject: (oid: string, path: string) =>
    `git cannot read ${visible(path)} (object ${oid} is missing or damaged: a corrupt repository, or one copied without all its objects); \`git fsck\` names what is broken.`,
  tooOld: (version: string) => `git ${version} is too old: keyguard needs git ${MIN_GIT_VERSION} or later.`,
  badTimeout: (value: string) =>
    `KEYGUARD_TIMEOUT must be a number of seconds (0 for no limit), not ${JSON.stringify(value)}.`,
} as const;

/** A path from the repository with its control characters escaped, so that it stays on its line. */
function visible(path: string): string {
  return path.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `dir` as one word for a POSIX shell: quoted only when it has to be. */
function shellWord(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`;
}

export type GitSetupReason =
  | 'not-a-repository'
  | 'git-not-found'
  | 'unsafe-repository'
  | 'not-fetched'
  | 'no-answer'
  | 'bad-timeout'
  | 'missing-object'
  | 'old-git';

/** An expected condition that stops keyguard from reading the repository; `message` is one line. */
export class GitSetupError extends KeyguardError {
  /** `message` is needed for the reasons that have details in theirs (see gitMessages). */
  constructor(
    readonly reason: GitSetupReason,
    options?: ErrorOptions,
    message: string = reason === 'not-a-repository' ? gitMessages.notARepository() : gitMessages.gitNotFound,
  ) {
    super(message, options ?? {});
    this.name = 'GitSetupError';
  }
}

export interface GitFailure {
  args: readonly string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * git ran and failed. The message is one line: the command (`git cat-file --batch`) and git's reason,
 * its `fatal:` line when it printed one, else its last line, else how it ended (`was killed by SIGKILL`).
 * git's whole stderr stays in `failure` (KEYGUARD_DEBUG=1 prints it).
 */
export class GitError extends Error {
  constructor(
    readonly failure: GitFailure,
    options?: { cause?: unknown },
  ) {
    super(gitFailureLine(failure), { cause: options?.cause ?? failure });
    this.name = 'GitError';
  }
}

/** See GitError. */
export function gitFailureLine(failure: GitFailure): string {
  const lines = failure.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const reason = (lines.find((line) => line.startsWith('fatal:')) ?? lines[lines.length - 1])?.replace(
    /^(fatal|error):\s*/,
    '',
  );
  const command = describeGit(failure.args);
  if (reason !== undefined) return `${command}: ${reason}`;
  return failure.signal
    ? `${command} was killed by ${failure.signal}`
    : `${command} failed (exit code ${failure.exitCode})`;
}

/** `git cat-file --batch`, `git diff --cached`: the command and its first argument, without global options. */
export function describeGit(args: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    if (args[i] === '-c') i++;
    else if (words.length > 0 || !args[i]!.startsWith('-')) words.push(args[i] as string);
  }
  return ['git', ...words].join(' ');
}

/** `scan --history`: a revision git does not know, or a range it cannot read; `message` is one line. */
export class BadRevisionError extends KeyguardError {}

/**
 * git's refusal to read a repository owned by another user (https://git-scm.com/docs/git-config#Documentation/git-config.txt-safedirectory):
 *
 *   fatal: detected dubious ownership in repository at '/srv/repo'
 *   To add an exception for this directory, call:
 *
 *   	git config --global --add safe.directory /srv/repo
 *
 * becomes one line. Recognised in git's English words: keyguard's repository discovery runs git with
 * LC_ALL=C, and every reader asks it when git fails.
 */
export function unsafeRepositoryError(stderr: string, cause?: unknown): GitSetupError | undefined {
  const dir = /detected dubious ownership in repository at '(.*)'$/m.exec(stderr)?.[1];
  if (dir === undefined) return undefined;
  return new GitSetupError('unsafe-repository', { cause }, gitMessages.unsafeRepository(dir));
}

/**
 * git needed an object a partial clone lacks, and did not fetch it (exec.ts turns lazy fetching off):
 * `fatal: could not fetch <oid> from promisor remote`, after a warning line. One line instead.
 */
export function notFetchedError(stderr: string, cause?: unknown): GitSetupError | undefined {
  const oid = /could not fetch ([0-9a-f]+) from promisor remote/.exec(stderr)?.[1];
  if (oid === undefined) return undefined;
  return new GitSetupError('not-fetched', { cause }, gitMessages.notFetched(oid));
}

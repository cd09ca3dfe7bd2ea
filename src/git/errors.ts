// What can go wrong when keyguard asks git something.
//
// Expected conditions (not inside a repository, no git on PATH, a repository git refuses to read, git
// not answering) are `GitSetupError`s, KeyguardErrors whose message is the one line the user sees (bin.ts
// prints it after `keyguard: ` and exits 2). Anything else git refuses is a `GitError` whose message is
// git's own stderr, with the command and exit code in `cause`.
import { KeyguardError } from '../errors.js';

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
  badTimeout: (value: string) =>
    `KEYGUARD_TIMEOUT must be a number of seconds (0 for no limit), not ${JSON.stringify(value)}.`,
} as const;

/** `dir` as one word for a POSIX shell: quoted only when it has to be. */
function shellWord(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`;
}

export type GitSetupReason = 'not-a-repository' | 'git-not-found' | 'unsafe-repository' | 'not-fetched' | 'no-answer' | 'bad-timeout';

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

/** git ran and failed. The message is git's stderr (trimmed), like lint-staged's execGit. */
export class GitError extends Error {
  constructor(
    readonly failure: GitFailure,
    options?: { cause?: unknown },
  ) {
    const text = failure.stderr.trim();
    const what = failure.signal ? `killed by ${failure.signal}` : `exit code ${failure.exitCode}`;
    super(text || `git ${failure.args.join(' ')} failed (${what})`, { cause: options?.cause ?? failure });
    this.name = 'GitError';
  }
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

// What can go wrong when keyguard asks git something.
//
// Expected conditions (not inside a repository, no git on PATH) are `GitSetupError`s: their message is
// the one line the user sees (src/cli.ts prints it and exits 2). Anything else git refuses is a
// `GitError` whose message is git's own stderr, with the command and exit code in `cause`.

/** The user-facing lines for the expected conditions, kept together so the wording stays consistent. */
export const gitMessages = {
  notARepository: 'keyguard: not a git repository (run `keyguard scan --staged` inside one).',
  gitNotFound: 'keyguard: git was not found on PATH (install git, or fix PATH for the hook).',
} as const;

/** An expected condition that stops keyguard from reading the repository; `message` is one line. */
export class GitSetupError extends Error {
  constructor(
    readonly reason: 'not-a-repository' | 'git-not-found',
    options?: ErrorOptions,
  ) {
    super(reason === 'not-a-repository' ? gitMessages.notARepository : gitMessages.gitNotFound, options);
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
export class BadRevisionError extends Error {}

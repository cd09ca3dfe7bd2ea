// The git version, asked only when something went wrong: a git older than keyguard needs fails in ways
// of its own (an option it does not know, an output keyguard does not expect), and the user should read
// "git is too old", not git's complaint. Asking on every run would cost a git start on every commit.
import { GitError, gitMessages, GitSetupError, MIN_GIT_VERSION } from './errors.js';
import { runGit, type GitContext } from './exec.js';

/** `git version`'s answer, once per process. */
let asked: Promise<string | undefined> | undefined;

/** The version git reports (`2.39.5`, `2.37.1 (Apple Git-137.1)`, `2.44.0.windows.1`), or undefined. */
function gitVersion(context: GitContext): Promise<string | undefined> {
  asked ??= runGit(['version'], context).then(
    (output) => /^git version (\S+)/.exec(output.stdout.toString('utf8'))?.[1],
    () => undefined,
  );
  return asked;
}

/** Whether a version string is older than `minimum` (both `major.minor[.patch...]`). */
function olderThan(version: string, minimum: string = MIN_GIT_VERSION): boolean {
  const have = version.split('.').map((part) => Number.parseInt(part, 10));
  const need = minimum.split('.').map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (Number.isNaN(a)) return false;
    if (a !== b) return a < b;
  }
  return false;
}

/** `GitSetupError('old-git')` when the git on PATH is older than keyguard needs, else undefined. */
export async function oldGitError(context: GitContext, cause?: unknown): Promise<GitSetupError | undefined> {
  const version = await gitVersion(context);
  if (version === undefined || !olderThan(version)) return undefined;
  return new GitSetupError('old-git', { cause }, gitMessages.tooOld(version));
}

/** Whether `error` (or one of its causes) is git failing, which a too-old git may explain. */
export function isGitFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof GitError) return true;
  }
  return false;
}

/** `error`, or the line that says git is too old when git failed because of that (asked only then). */
export async function explained(error: unknown, context: GitContext): Promise<unknown> {
  if (!isGitFailure(error)) return error;
  return (await oldGitError(context, error)) ?? error;
}

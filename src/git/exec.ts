// The one door to the git binary: every git process keyguard starts goes through `startGit`.
//
// - The caller's environment is passed through untouched. git runs the pre-commit hook with
//   GIT_INDEX_FILE pointing at a temporary index for `git commit -a` and `git commit <path>`, and with
//   GIT_DIR / GIT_WORK_TREE when the user set them; only by inheriting them does keyguard read the index
//   the commit is really made from (DESIGN.md section 3).
// - `--no-optional-locks`: keyguard only reads, so it must never take index.lock to refresh stat data
//   behind the user's back (a hook runs while `git commit` itself holds locks).
//   https://git-scm.com/docs/git#Documentation/git.txt---no-optional-locks
// - `-c core.quotepath=off`: paths are printed verbatim (we also use -z wherever git prints paths).
// - Failures throw `GitError` (git's stderr as the message, details in `cause`); git missing from PATH is
//   the expected condition `GitSetupError('git-not-found')`.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { GitError, GitSetupError } from './errors.js';

export interface GitContext {
  /** Where git runs: the hook's working directory (the top of the work tree) or the user's cwd. */
  cwd: string;
  /** Passed to git as is (see above). */
  env: NodeJS.ProcessEnv;
}

/** Global options put in front of every git command keyguard runs. */
export const SAFETY_ARGS: readonly string[] = ['--no-optional-locks', '-c', 'core.quotepath=off'];

/** Enough of git's stderr to explain a failure; the rest is dropped so a chatty git cannot fill memory. */
const STDERR_LIMIT = 64 * 1024;

export interface GitProcess {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Resolves with the exit code once git has exited and its streams are closed; rejects when git could not start. */
  exit: Promise<number>;
  /** What git wrote to stderr so far (capped). */
  stderr(): string;
  /** The failure to throw for an exit code, with git's stderr as the message. */
  failure(exitCode: number | null, signal?: NodeJS.Signals | null): GitError;
}

/** Starts `git <SAFETY_ARGS> <args>` with stdin, stdout and stderr as pipes. */
export function startGit(args: readonly string[], context: GitContext): GitProcess {
  const argv = [...SAFETY_ARGS, ...args];
  const child = spawn('git', argv, {
    cwd: context.cwd,
    env: context.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  let signal: NodeJS.Signals | null = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text.slice(0, STDERR_LIMIT - stderr.length);
  });
  // git may exit before reading all of its input (e.g. it failed); that is reported through the exit code.
  child.stdin.on('error', () => {});
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && existsSync(context.cwd)) reject(new GitSetupError('git-not-found', { cause: error }));
      else reject(new Error(`cannot run git in ${context.cwd}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, sig) => {
      signal = sig;
      resolve(code ?? -1);
    });
  });
  // Callers that stop caring about a process (it failed elsewhere first) must not crash the run.
  exit.catch(() => {});
  return {
    child,
    exit,
    stderr: () => stderr,
    failure: (exitCode, sig) =>
      new GitError({ args: argv, exitCode, signal: sig ?? signal, stderr }),
  };
}

export interface GitOutput {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs git to completion and returns its output. Exit codes other than 0 (and `okExitCodes`) throw
 * `GitError`. Only for commands whose output is small (listings, rev-parse); contents are streamed with
 * `startGit` instead.
 */
export function runGit(
  args: readonly string[],
  context: GitContext,
  options: { input?: string; okExitCodes?: readonly number[] | 'any' } = {},
): Promise<GitOutput> {
  return outputOf(startGit(args, context), options);
}

/** The whole output of a started git process, once it has exited (see runGit). */
export async function outputOf(
  git: GitProcess,
  options: { input?: string; okExitCodes?: readonly number[] | 'any' } = {},
): Promise<GitOutput> {
  const chunks: Buffer[] = [];
  git.child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  git.child.stdin.end(options.input ?? '');
  const exitCode = await git.exit;
  const ok = options.okExitCodes === 'any' || exitCode === 0 || (options.okExitCodes ?? []).includes(exitCode);
  if (!ok) throw git.failure(exitCode);
  return { exitCode, stdout: Buffer.concat(chunks), stderr: git.stderr() };
}

/** Stops a git process keyguard no longer needs (closing its input first lets it exit on its own). */
export function stopGit(git: GitProcess): void {
  git.child.stdin.end();
  if (git.child.exitCode === null && git.child.signalCode === null) git.child.kill();
}

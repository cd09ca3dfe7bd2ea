// The one door to the git binary: every git process keyguard starts goes through `startGit`.
//
// - The caller's environment is passed through, with only SAFETY_ENV added. git runs the pre-commit hook
//   with GIT_INDEX_FILE pointing at a temporary index for `git commit -a` and `git commit <path>`, and
//   with GIT_DIR / GIT_WORK_TREE when the user set them; only by inheriting them does keyguard read the
//   index the commit is really made from.
// - The repository is untrusted input, its config included (a repository unpacked from an archive, a
//   planted .git/config): SAFETY_ARGS and SAFETY_ENV keep that config from running programs or from
//   changing which bytes keyguard reads. Each is explained where it is defined.
// - `--no-optional-locks`: keyguard only reads, so it must never take index.lock to refresh stat data
//   behind the user's back (a hook runs while `git commit` itself holds locks).
//   https://git-scm.com/docs/git#Documentation/git.txt---no-optional-locks
// - `-c core.quotepath=off`: paths are printed verbatim (we also use -z wherever git prints paths).
// - A watchdog stops git when it says nothing for KEYGUARD_TIMEOUT seconds while keyguard waits for it
//   (a loose object that is a FIFO blocks git's open() forever): `GitSetupError('no-answer')`.
// - Failures throw `GitError` (git's stderr as the message, details in `cause`); git missing from PATH is
//   the expected condition `GitSetupError('git-not-found')`, a repository git refuses because of its
//   owner `GitSetupError('unsafe-repository')`.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { describeGit, GitError, gitMessages, GitSetupError, notFetchedError, unsafeRepositoryError } from './errors.js';

export interface GitContext {
  /** Where git runs: the hook's working directory (the top of the work tree) or the user's cwd. */
  cwd: string;
  /** Passed to git as is (see above). */
  env: NodeJS.ProcessEnv;
}

/**
 * Global options put in front of every git command keyguard runs (`-c` wins over every config file).
 * https://git-scm.com/docs/git#_options
 * - `core.fsmonitor=`: git runs the program named there whenever it reads the index (`diff --cached`,
 *   `cat-file` of `:<path>`, `ls-files`). Empty rather than `false`: every git turns monitoring off for
 *   an empty value, while git before 2.36 took `false` for the name of a hook to run.
 * - `--no-replace-objects`: a `refs/replace/<id>` ref makes git answer with another object's contents
 *   for that id; a staged key blob would read as whatever clean blob it is replaced with.
 * - `protocol.allow=never`: in a partial clone, reading an object the clone lacks makes git fetch it
 *   from the promisor remote, running whatever the repository names for it (`remote.<name>.uploadpack`,
 *   `core.sshCommand`, a remote helper). See SAFETY_ENV for the per-protocol settings this cannot beat.
 * - `--no-pager`: no pager, whatever `core.pager` or `pager.<command>` say (keyguard reads git's output
 *   through pipes, where git starts none anyway).
 * Per command: diff and log get `--no-ext-diff --no-textconv` (diff.external, textconv drivers), log gets
 * `log.showSignature=false` (gpg.program): see staged-changes.ts and history.ts.
 */
const SAFETY_ARGS: readonly string[] = [
  '--no-pager',
  '--no-optional-locks',
  '--no-replace-objects',
  '-c',
  'core.quotepath=off',
  '-c',
  'core.fsmonitor=',
  '-c',
  'protocol.allow=never',
];

/**
 * Added to the caller's environment for every git process.
 * - `GIT_NO_LAZY_FETCH=1`: a partial clone never fetches a missing object (git 2.44 and later; older git
 *   ignores it, and the next setting covers it).
 * - `GIT_ALLOW_PROTOCOL=` (empty: no protocol at all): unlike `protocol.allow`, it overrides the
 *   repository's own `protocol.<name>.allow=always`. https://git-scm.com/docs/git#Documentation/git.txt-codeGITALLOWPROTOCOLcode
 */
const SAFETY_ENV: Readonly<Record<string, string>> = { GIT_NO_LAZY_FETCH: '1', GIT_ALLOW_PROTOCOL: '' };

/** How long git may say nothing while keyguard waits for it, unless KEYGUARD_TIMEOUT says otherwise. */
const DEFAULT_TIMEOUT_SECONDS = 60;

/** The watchdog looks this many times per time limit: it fires after between 9/10 and all of it. */
const WATCHDOG_TICKS = 10;

/** KEYGUARD_TIMEOUT in seconds; 0 turns the watchdog off. Anything else is the expected condition `bad-timeout`. */
function timeLimit(env: NodeJS.ProcessEnv): number {
  const value = env.KEYGUARD_TIMEOUT;
  if (value === undefined || value.trim() === '') return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new GitSetupError('bad-timeout', undefined, gitMessages.badTimeout(value));
  return seconds;
}

/** Enough of git's stderr to explain a failure; the rest is dropped so a chatty git cannot fill memory. */
const STDERR_LIMIT = 64 * 1024;

export interface GitProcess {
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Resolves with the exit code once git has exited and its streams are closed; rejects when git could not start. */
  exit: Promise<number>;
  /** What git wrote to stderr so far (capped). */
  stderr(): string;
  /**
   * The failure to throw for an exit code: a `GitError` with git's stderr as the message, or the
   * `GitSetupError` of an expected condition (git stopped by the watchdog, a repository git refuses, an
   * object a partial clone lacks).
   */
  failure(exitCode: number | null, signal?: NodeJS.Signals | null): Error;
  /**
   * Says whether keyguard is now waiting for git's output or exit (the watchdog only counts silence
   * then: not while git idles between requests, nor while keyguard has paused the output stream).
   */
  waiting(on: boolean): void;
}

/** Every git process started and not yet gone, for `stopAllGit`. */
const running = new Set<ChildProcessByStdio<Writable, Readable, Readable>>();

/**
 * Kills every git process keyguard started and waits until they are gone (at most `graceMs`): keyguard
 * interrupted (Ctrl-C) must leave nothing behind. Left to itself, a git blocked where no signal of
 * keyguard's death reaches it (opening a FIFO, waiting on a dead disk) would outlive keyguard.
 */
export async function stopAllGit(graceMs = 2000): Promise<void> {
  const children = [...running];
  const gone = children.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
}

/** Starts `git <SAFETY_ARGS> <args>` with stdin, stdout and stderr as pipes. */
export function startGit(args: readonly string[], context: GitContext): GitProcess {
  const seconds = timeLimit(context.env);
  const argv = [...SAFETY_ARGS, ...args];
  const child = spawn('git', argv, {
    cwd: context.cwd,
    env: { ...context.env, ...SAFETY_ENV },
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  running.add(child);
  let stderr = '';
  let signal: NodeJS.Signals | null = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text.slice(0, STDERR_LIMIT - stderr.length);
  });
  // git may exit before reading all of its input (e.g. it failed); that is reported through the exit code.
  child.stdin.on('error', () => {});

  // The watchdog. Progress is the byte counts of git's output pipes (counted as the bytes leave the pipe,
  // whether or not a consumer has taken them yet: no 'data' listener here, which would start the stream
  // flowing before its consumer is attached).
  let waiting = false;
  let timedOut = false;
  let heard = -1;
  let silentTicks = 0;
  const watchdog =
    seconds > 0
      ? setInterval(
          () => {
            const now = (child.stdout as Socket).bytesRead + (child.stderr as Socket).bytesRead;
            if (!waiting || now !== heard) {
              heard = now;
              silentTicks = 0;
            } else if (++silentTicks >= WATCHDOG_TICKS) {
              timedOut = true;
              child.kill('SIGKILL');
              // A process git started could keep the pipes open after git is gone: stop reading them, so
              // that the exit below is seen.
              child.stdout.destroy();
              child.stderr.destroy();
              child.stdin.destroy();
            }
          },
          (seconds * 1000) / WATCHDOG_TICKS,
        )
      : undefined;
  // Never what keeps keyguard running: the process and its pipes do that while they exist.
  watchdog?.unref();

  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearInterval(watchdog);
      running.delete(child);
      if (error.code === 'ENOENT' && existsSync(context.cwd))
        reject(new GitSetupError('git-not-found', { cause: error }));
      else reject(new Error(`cannot run git in ${context.cwd}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, sig) => {
      clearInterval(watchdog);
      running.delete(child);
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
    failure: (exitCode, sig) => {
      const failure = { args: argv, exitCode, signal: sig ?? signal, stderr };
      if (timedOut)
        return new GitSetupError('no-answer', { cause: failure }, gitMessages.noAnswer(seconds, describeGit(args)));
      return unsafeRepositoryError(stderr, failure) ?? notFetchedError(stderr, failure) ?? new GitError(failure);
    },
    waiting: (on) => {
      waiting = on;
    },
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
  // From here on keyguard only waits for this process to finish.
  git.waiting(true);
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

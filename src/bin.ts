// The only module that touches process.argv, the standard streams and the exit code.
// Exit codes: 0 nothing found, 1 credentials found (commit blocked), 2 keyguard could not run,
// 130 / 143 interrupted (SIGINT, SIGTERM).
//
// Also the bundle's entry for the API (dist/index.js loads dist/bin.cjs with the symbol below set, and
// calls loadApi): the package ships its code once. Loaded that way, it runs no command line and
// installs no process handlers.
import { runCli } from './cli.js';
import { errorDetails, errorLine, KeyguardError, notice } from './errors.js';
import { stopAllGit } from './git/exec.js';
import { installMessages, messages } from './messages.js';

/**
 * The API's module, for dist/index.js. A dynamic import, which esbuild turns into a call that
 * initializes the modules only then: the command line's start does not pay for what only the API uses.
 */
export function loadApi(): Promise<typeof import('./index.js')> {
  return import('./index.js');
}

function wantsColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return false;
  if ('FORCE_COLOR' in env) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** One line on a terminal's stderr, rewritten in place at most every 100 ms; `clear` removes it. */
function progressLine(stream: NodeJS.WriteStream): { show: (line: string) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    show(line) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r${line}\x1b[K`);
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

const progress = process.stderr.isTTY === true ? progressLine(process.stderr) : undefined;

/**
 * Ctrl-C (or a CI runner's SIGTERM): the git processes keyguard started are stopped and waited for, then
 * keyguard exits the way a shell reports a process its signal stopped (128 + the signal's number). Left
 * to Node's default, keyguard would die at once and a git blocked on a read would stay behind.
 */
function onSignal(signal: 'SIGINT' | 'SIGTERM', code: number): void {
  process.once(signal, () => {
    progress?.clear();
    void stopAllGit().finally(() => process.exit(code));
  });
}

/**
 * The one line for a failure; with KEYGUARD_DEBUG=1 the details too. The hook's own command blocks with
 * the line that says how to bypass it.
 */
function fail(error: unknown): void {
  progress?.clear();
  const debug = process.env.KEYGUARD_DEBUG === '1';
  const message = error instanceof Error ? error.message : String(error);
  const [command, hook] = process.argv.slice(2);
  if (error instanceof KeyguardError) process.stderr.write(`${errorLine(error)}\n`);
  else if (command === 'hook' && hook !== undefined)
    process.stderr.write(
      `${notice(installMessages.hookFailed(`${message.replace(/\.$/, '')} (KEYGUARD_DEBUG=1 shows details)`, hook))}\n`,
    );
  else process.stderr.write(`${notice(messages.unexpected(message))}\n`);
  if (debug) process.stderr.write(errorDetails(error));
  process.exitCode = error instanceof KeyguardError ? error.exitCode : 2;
}

async function main(): Promise<void> {
  const result = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    color: wantsColor(process.env, process.stdout.isTTY === true),
    // Only the commands that read standard input touch process.stdin: creating it when it is a file or
    // /dev/null (what git gives the pre-commit hook) loads Node's file streams and fs/promises.
    stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    ...(progress ? { progress: progress.show } : {}),
  }).finally(() => progress?.clear());
  if (result.stdout) process.stdout.write(result.stdout);
  // A long report (JSON, SARIF) in pieces of some kilobytes, each written as it is made.
  for (const piece of result.stdoutPieces ?? []) process.stdout.write(piece);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

// No top-level await: this module is bundled as CommonJS (dist/bin.cjs, see scripts/build.mjs).
if ((globalThis as Record<symbol, unknown>)[Symbol.for('keyguard.load-as-library')] !== true) run();

function run(): void {
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  // An exception no code path expected (a stream's error event nobody listens to, a rejected promise
  // nobody awaits) would otherwise end keyguard with Node's stack trace: it gets the one line instead.
  process.on('uncaughtException', (error) => {
    fail(error);
    void stopAllGit().finally(() => process.exit(2));
  });
  process.on('unhandledRejection', (error) => {
    fail(error);
    void stopAllGit().finally(() => process.exit(2));
  });
  main().catch(fail);
}

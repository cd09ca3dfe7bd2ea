// The only module that touches process.argv, the standard streams and the exit code.
// Exit codes: 0 nothing found, 1 credentials found (commit blocked), 2 keyguard could not run.
import { runCli } from './cli.js';
import { errorLine, KeyguardError, notice } from './errors.js';
import { messages } from './messages.js';

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

async function main(): Promise<void> {
  const progress = process.stderr.isTTY === true ? progressLine(process.stderr) : undefined;
  const result = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    color: wantsColor(process.env, process.stdout.isTTY === true),
    stdin: process.stdin,
    ...(progress ? { progress: progress.show } : {}),
  }).finally(() => progress?.clear());
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

// No top-level await: this module is bundled as CommonJS (dist/bin.cjs, see scripts/build.mjs).
main().catch((error: unknown) => {
  if (error instanceof KeyguardError) {
    process.stderr.write(`${errorLine(error)}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`${notice(messages.unexpected(error instanceof Error ? error.message : String(error)))}\n`);
    if (process.env.KEYGUARD_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = 2;
  }
});

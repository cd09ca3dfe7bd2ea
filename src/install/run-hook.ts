// Runs a hook file the way git runs it (the file itself, by its shebang, from the work tree's top, with
// no standard input), or a few lines of a hook script through sh, time-boxed: `keyguard doctor`'s proof.
import { spawn } from 'node:child_process';

export interface HookRun {
  /** The exit code, or undefined when the hook was killed or could not start. */
  exitCode: number | undefined;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Why it could not start (ENOENT, EACCES...). */
  startError?: string;
}

/** What a hook says is kept up to this size: doctor reads a line or two of it. */
const OUTPUT_LIMIT = 256 * 1024;

/** Runs `command` with `args`; a run longer than `timeoutMs` is killed (its whole process group). */
export function runHook(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<HookRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout also stops what the hook started.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += text;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ exitCode: undefined, timedOut, stdout, stderr, startError: error.code ?? error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? undefined, timedOut, stdout, stderr });
    });
  });
}

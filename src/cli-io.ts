// What every command receives and returns. Its own module so that cli.ts and the commands both import it
// and neither imports the other (test/unit/boundaries.test.ts).
export { EXIT, type ExitCode } from './errors.js';
import type { ExitCode } from './errors.js';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether colored output is wanted (decided once, in bin.ts, from the terminal and NO_COLOR/FORCE_COLOR). */
  color: boolean;
  stdin: AsyncIterable<Buffer | string>;
  /** Where a long scan (`--history`) reports how far it is, when a person is watching (bin.ts: a terminal). */
  progress?: (line: string) => void;
}

export interface CliResult {
  exitCode: ExitCode;
  stdout: string;
  /**
   * The rest of standard output, after `stdout`: written piece by piece as the pieces are made (a JSON
   * or SARIF report of a file made of findings runs to hundreds of megabytes).
   */
  stdoutPieces?: Iterable<string>;
  stderr: string;
}

/** A command: `keyguard <name> [args]`. It returns its result, or throws a KeyguardError. */
export interface Command {
  /** `keyguard <name> --help`: lines within 80 columns. */
  help: string;
  run(args: readonly string[], io: CliIo): Promise<CliResult>;
}

/** A command's help as its result. */
export function helpResult(help: string): CliResult {
  return { exitCode: 0, stdout: help, stderr: '' };
}

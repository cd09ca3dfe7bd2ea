// The one error type for what the user must be told: a message in keyguard's words, the exit code, and
// optionally a hint (what to run next). Every room throws it (or a subclass) for an expected failure;
// bin.ts prints it as one line (`errorLine`). The `keyguard: ` that starts every line keyguard prints
// about itself is added here and nowhere else: `errorLine` for errors, `notice` for the lines a command
// prints as its result (installed, report written, baseline updated).

/** Exit codes: 0 nothing found, 1 credentials found (commit blocked), 2 keyguard could not run. */
export const EXIT = { clean: 0, found: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface KeyguardErrorOptions extends ErrorOptions {
  /** Default 2: keyguard could not do what was asked. */
  exitCode?: ExitCode;
  /** What to do about it, printed after the message on the same line (`See \`keyguard scan --help\`.`). */
  hint?: string;
}

export class KeyguardError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, options: KeyguardErrorOptions = {}) {
    const { exitCode = EXIT.error, hint, ...rest } = options;
    super(message, rest);
    this.name = 'KeyguardError';
    this.exitCode = exitCode;
    this.hint = hint;
  }

  /** The message and the hint, without the prefix: what a sentence that quotes the error needs. */
  get text(): string {
    return this.hint === undefined ? this.message : `${this.message} ${this.hint}`;
  }
}

/** A line keyguard prints about itself: `keyguard: ` and the text. */
export function notice(text: string): string {
  return `keyguard: ${text}`;
}

/** `notice` for each text, one per line. */
export function notices(texts: readonly string[]): string {
  return texts.map((text) => `${notice(text)}\n`).join('');
}

/** The line the user sees for an error: `keyguard: ` once, then the message and its hint. */
export function errorLine(error: KeyguardError): string {
  return notice(error.text);
}

/**
 * What KEYGUARD_DEBUG=1 adds to a failure's line: the stack, then each cause's (and git's own words, the
 * command, its exit code and its whole stderr, when git failed).
 */
export function errorDetails(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 8; depth++) {
    if (e instanceof Error) {
      parts.push(`${depth === 0 ? '' : 'caused by: '}${e.stack ?? `${e.name}: ${e.message}`}`);
      const failure = (e as { failure?: unknown }).failure;
      if (failure !== undefined) parts.push(`git: ${JSON.stringify(failure, null, 2)}`);
      e = e.cause;
    } else {
      parts.push(`caused by: ${typeof e === 'object' ? JSON.stringify(e, null, 2) : String(e)}`);
      break;
    }
  }
  return `${parts.join('\n')}\n`;
}

// Every command's arguments go through `parse`: node:util's parseArgs, with its errors turned into one
// line in keyguard's words that names the command's own help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KeyguardError } from '../errors.js';
import { GitSetupError, gitMessages } from '../git/errors.js';
import type { HookName } from '../install/hook-script.js';
import { installMessages, messages } from '../messages.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** What an option's value is, for the line that says one is missing. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  format: '<format>',
  output: '<file>',
  'commit-msg': '<file>',
  reason: '<text>',
  hook: '<name>',
};

/** Thrown for bad usage of `command`: one line, exit 2, pointing at `keyguard <command> --help`. */
export function usageError(command: string, message: string, cause?: unknown): KeyguardError {
  return new KeyguardError(message, { hint: messages.seeHelp(command), ...(cause === undefined ? {} : { cause }) });
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** What `parse` returns: parseArgs' typed values and the positionals. */
export type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & typeof HELP_OPTION; allowPositionals: true; strict: true }>
>;

/** parseArgs with `--help`/`-h` added, and its errors turned into one line naming `command`'s help. */
export function parse<const T extends Options>(command: string, args: readonly string[], options: T): Parsed<T> {
  const all = { ...options, ...HELP_OPTION };
  try {
    return parseArgs({ args: [...args], options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(command, argumentError(command, args, all, error as Error & { code?: string }), error);
  }
}

/**
 * node:util's parse errors name the option in quotes (`Unknown option '--stagd'. To specify…`, `Option
 * '-o, --output <value>' argument missing`, `Option '--staged' does not take an argument`); the line
 * says the same for the command the user ran, and an unknown option gets the closest known one.
 */
function argumentError(
  command: string,
  args: readonly string[],
  options: Options,
  error: Error & { code?: string },
): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // `-stagd` reaches parseArgs as the short options -s -t -a…; the user typed the word.
    const typed =
      args.find(
        (arg) =>
          arg === quoted ||
          arg.startsWith(`${quoted}=`) ||
          (!quoted.startsWith('--') && arg.startsWith(quoted) && !arg.startsWith('--')),
      ) ?? quoted;
    const word = typed.split('=')[0] ?? typed;
    const closest = closestOption(word.replace(/^-+/, ''), Object.keys(options));
    return messages.unknownOption(command, word, closest === undefined ? undefined : `--${closest}`);
  }
  const long = /--([\w-]+)/.exec(quoted)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && long !== undefined) {
    if (/does not take an argument/.test(error.message)) {
      const given = args.find((arg) => arg.startsWith(`--${long}=`))?.slice(long.length + 3) ?? '';
      return messages.unwantedValue(`--${long}`, given);
    }
    // "argument missing", or "ambiguous" (`--output --staged`: the next word is an option, not its value).
    return messages.missingValue(`--${long}`, VALUE_NAMES[long] ?? '<value>');
  }
  return error.message.split('\n')[0] ?? '';
}

/**
 * The known option nearest to `word` by edit distance (a swap of two neighbours counts as one edit), if
 * it is near enough to be a typo: at most 2 edits, and fewer than half the word.
 */
export function closestOption(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= 2 && bestDistance * 2 < Math.max(word.length, 2) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** A command that takes no positional arguments. */
export function noArguments(command: string, positionals: readonly string[]): void {
  if (positionals[0] !== undefined) throw new KeyguardError(messages.noArguments(command, positionals[0]));
}

/**
 * Runs `work`; if it finds no repository, the line says to run `command` (the one the user ran, such as
 * `keyguard scan --history` or `keyguard hook pre-commit`) inside one.
 */
export async function naming<T>(command: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GitSetupError && error.reason === 'not-a-repository') {
      throw new GitSetupError('not-a-repository', { cause: error }, gitMessages.notARepository(command));
    }
    throw error;
  }
}

/** `--hook` values (repeated or comma-separated) as hook names; undefined when none were given. */
export async function parseHooks(asked: readonly string[] | undefined): Promise<HookName[] | undefined> {
  if (asked === undefined) return undefined;
  const { hooksFor } = await import('../install/hook-script.js');
  const hooks = hooksFor(asked.flatMap((value) => value.split(',')));
  if (hooks === undefined || hooks.length === 0) throw new KeyguardError(installMessages.badHook(asked.join(',')));
  return hooks;
}

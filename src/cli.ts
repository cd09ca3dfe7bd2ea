import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { HookName } from './install/hook-script.js';
import { gitMessages, type GitSetupError } from './git/errors.js';
import { USAGE, installMessages, messages } from './messages.js';
import { FORMATS, type Format } from './report/index.js';
import { blocks } from './scan-result.js';

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
  exitCode: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** Exit codes, documented in the help text: 0 clean, 1 findings, 2 could not run. */
export const EXIT = { clean: 0, found: 1, error: 2 } as const;

/** Thrown for bad usage: bin.ts prints the message as one line and exits 2. */
export class UsageError extends Error {}

export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      return { exitCode: 0, stdout: USAGE, stderr: '' };
    case '-v':
    case '--version':
      return { exitCode: 0, stdout: `${await version()}\n`, stderr: '' };
    case 'scan':
      return scanCommand(rest, io);
    case 'hook':
      return hookCommand(rest, io);
    case 'baseline':
      return baselineCommand(rest, io);
    case 'doctor':
      return doctorCommand(rest, io);
    case 'install':
    case 'uninstall':
    case 'init':
    case 'demo':
      return setupCommand(command, rest, io);
    default:
      throw new UsageError(messages.unknownCommand(command));
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What an option's value is, for the line that says one is missing. */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  format: '<format>',
  output: '<file>',
  'commit-msg': '<file>',
  reason: '<text>',
  hook: '<name>',
};

/** parseArgs with its errors turned into one line in keyguard's words, naming `command`'s help. */
function parse<const T extends Options>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(argumentError(command, args, options, error as Error & { code?: string }), { cause: error });
  }
}

/**
 * node:util's parse errors name the option in quotes (`Unknown option '--stagd'. To specify…`, `Option
 * '-o, --output <value>' argument missing`, `Option '--staged' does not take an argument`); the line
 * says the same for the command the user ran, and an unknown option gets the closest known one.
 */
function argumentError(command: string, args: readonly string[], options: Options, error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // `-stagd` reaches parseArgs as the short options -s -t -a…; the user typed the word.
    const typed = args.find((arg) => arg === quoted || arg.startsWith(`${quoted}=`) || (!quoted.startsWith('--') && arg.startsWith(quoted) && !arg.startsWith('--'))) ?? quoted;
    const word = typed.split('=')[0] ?? typed;
    const closest = closestOption(word.replace(/^-+/, ''), Object.keys(options));
    return messages.unknownOption(command, word, closest === undefined ? undefined : `--${closest}`);
  }
  const long = /--([\w-]+)/.exec(quoted)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && long !== undefined) {
    if (/does not take an argument/.test(error.message)) {
      const given = args.find((arg) => arg.startsWith(`--${long}=`))?.slice(long.length + 3) ?? '';
      return messages.unwantedValue(command, `--${long}`, given);
    }
    // "argument missing", or "ambiguous" (`--output --staged`: the next word is an option, not its value).
    return messages.missingValue(command, `--${long}`, VALUE_NAMES[long] ?? '<value>');
  }
  return `keyguard: ${error.message.split('\n')[0] ?? ''}`;
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
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
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

/** `--format`, or else what `--output`'s extension says (`.sarif`, `.json`), or else pretty. */
function parseFormat(value: string | undefined, output?: string): Format {
  const format = value ?? (output ? formatForFile(output) : undefined) ?? 'pretty';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(messages.badFormat(format, FORMATS));
  return format as Format;
}

/** `invoked`: what the user ran, when it is not `keyguard scan …` itself (`keyguard hook pre-commit`). */
async function scanCommand(args: readonly string[], io: CliIo, invoked?: string): Promise<CliResult> {
  const { values, positionals } = parse('scan', args, {
    staged: { type: 'boolean' },
    stdin: { type: 'boolean' },
    history: { type: 'boolean' },
    'pre-push': { type: 'boolean' },
    'commit-msg': { type: 'string' },
    'pre-receive': { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'no-allow': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { exitCode: 0, stdout: USAGE, stderr: '' };
  const noAllow = values['no-allow'] === true;
  // `-o -` and `-o /dev/stdout` mean standard output itself (which may be a socket no path can open).
  const named = values.output as string | undefined;
  const output = named === '-' || named === '/dev/stdout' ? undefined : named;
  if (output !== undefined && output.trim() === '') throw new UsageError(messages.outputEmpty);
  const format = parseFormat(values.format as string | undefined, output);
  const toStdout = named !== undefined && output === undefined;
  // With --history the positionals are the range (git log's revisions); with --pre-push the remote's
  // name and URL (the pre-push hook's arguments); otherwise paths.
  const history = values.history === true;
  const prePush = values['pre-push'] === true;
  const commitMsg = values['commit-msg'] as string | undefined;
  const preReceive = values['pre-receive'] === true;
  const modes = [
    values.staged === true,
    values.stdin === true,
    history,
    prePush,
    commitMsg !== undefined,
    preReceive,
    positionals.length > 0 && !history && !prePush,
  ].filter(Boolean).length;
  if (modes === 0) throw new UsageError(messages.scanWhat);
  if (modes > 1) throw new UsageError(messages.scanConflict);

  const scan = await import('./scan/scan.js');
  let result;
  try {
    if (values.staged) {
      result = await scan.scanStaged({ cwd: io.cwd, env: io.env, noAllow });
    } else if (commitMsg !== undefined) {
      result = await scan.scanCommitMessage({ cwd: io.cwd, env: io.env, file: commitMsg, noAllow });
    } else if (preReceive) {
      result = await scan.scanPreReceive({ cwd: io.cwd, env: io.env, noAllow, input: io.stdin });
    } else if (history || prePush) {
      const { progress } = io;
      const common = {
        cwd: io.cwd,
        env: io.env,
        noAllow,
        ...(progress ? { progress: (done: number, total: number) => progress(messages.historyProgress(done, total)) } : {}),
      };
      result = history
        ? await scan.scanHistory({ ...common, revisions: positionals })
        : await scan.scanPush({ ...common, remote: positionals[0], input: io.stdin });
    } else {
      const filters = await scan.loadDiskFilters({ cwd: io.cwd, env: io.env, noAllow });
      result = values.stdin
        ? await scan.scanStdin(io.stdin, filters)
        : await scan.scanPaths(positionals, { cwd: io.cwd, filters });
    }
  } catch (error) {
    if (error instanceof scan.UnreadablePathError) throw new UsageError(`keyguard: ${error.message}`);
    if (error instanceof scan.BadRevisionError) throw new UsageError(error.message, { cause: error });
    if (error instanceof scan.ConfigError) throw new UsageError(`keyguard: ${error.message}`, { cause: error });
    // Not a repository, git not on PATH: expected conditions whose message is already the one line to show,
    // but for the command it names, which is the one the user ran.
    if (error instanceof scan.GitSetupError) {
      const mode = values.staged ? '--staged' : history ? '--history' : prePush ? '--pre-push' : preReceive ? '--pre-receive' : commitMsg !== undefined ? '--commit-msg' : '';
      throw new UsageError(notARepository(error, invoked ?? `keyguard scan ${mode}`.trim()), { cause: error });
    }
    throw error;
  }
  const { formatReport } = await import('./report/index.js');
  const exitCode = blocks(result) ? EXIT.found : EXIT.clean;
  const report = formatReport(result, {
    format,
    // A file never gets color codes, whatever the terminal or FORCE_COLOR says; nor does a server's report,
    // which git passes to the pusher's terminal line by line after `remote: `.
    color: output === undefined && !toStdout && !preReceive && io.color,
    cwd: io.cwd,
    ...(format === 'sarif' ? { version: await version() } : {}),
  });
  if (output === undefined) return { exitCode, stdout: report, stderr: '' };

  const { writeReport, OutputError } = await import('./output.js');
  try {
    await writeReport(resolve(io.cwd, output), report, output);
  } catch (error) {
    if (error instanceof OutputError) throw new UsageError(`keyguard: ${error.message}`);
    throw error;
  }
  return { exitCode, stdout: '', stderr: `${messages.reportWritten(format, output, result.findings.length)}\n` };
}

/** `keyguard baseline [paths...] [--prune] [--anywhere] [--reason <text>]`. */
async function baselineCommand(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('baseline', args, {
    prune: { type: 'boolean' },
    anywhere: { type: 'boolean' },
    reason: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { exitCode: 0, stdout: USAGE, stderr: '' };
  const [{ writeBaseline }, scan] = await Promise.all([import('./commands/baseline.js'), import('./scan/scan.js')]);
  try {
    const outcome = await writeBaseline({
      cwd: io.cwd,
      env: io.env,
      paths: positionals,
      prune: values.prune === true,
      anywhere: values.anywhere === true,
      reason: (values.reason as string | undefined) ?? '',
    });
    return { exitCode: 0, stdout: `${messages.baselineWritten(outcome.file, outcome.total, outcome.added, outcome.removed)}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof scan.UnreadablePathError || error instanceof scan.ConfigError) throw new UsageError(`keyguard: ${error.message}`);
    if (error instanceof scan.GitSetupError) throw new UsageError(notARepository(error, 'keyguard baseline'), { cause: error });
    const { OutputError } = await import('./output.js');
    if (error instanceof OutputError) throw new UsageError(`keyguard: ${error.message}`);
    const { UnsafePathError } = await import('./install/safe-path.js');
    if (error instanceof UnsafePathError) {
      const shown = (path: string) => relative(io.cwd, path) || '.';
      throw new UsageError(installMessages.unsafePath(shown(error.target), shown(error.path), error.reason));
    }
    throw error;
  }
}

/** A GitSetupError's one line; "not a repository" names `command`, the one the user ran. */
function notARepository(error: GitSetupError, command: string): string {
  return error.reason === 'not-a-repository' ? gitMessages.notARepository(command) : error.message;
}

/** The format a file name asks for: `report.sarif` is SARIF, `report.json` is JSON. */
function formatForFile(file: string): Format | undefined {
  if (/\.sarif(\.json)?$/i.test(file)) return 'sarif';
  if (/\.json$/i.test(file)) return 'json';
  return undefined;
}

/** What the installed hook runs: `keyguard hook <name> [git's arguments]`. Blocks on any failure, saying how to bypass. */
async function hookCommand(args: readonly string[], io: CliIo): Promise<CliResult> {
  const [name] = args;
  if (io.env.KEYGUARD === '0') return { exitCode: 0, stdout: '', stderr: `${installMessages.hookSkipped(name ?? 'hook')}\n` };
  if (name !== 'pre-commit' && name !== 'pre-merge-commit' && name !== 'pre-push' && name !== 'commit-msg' && name !== 'pre-receive') {
    throw new UsageError(installMessages.unknownHook(name));
  }
  try {
    // pre-push: git passes the remote's name and URL, and the pushed refs on standard input; commit-msg:
    // the file that holds the message; pre-receive (a server's hook): the updated refs on standard input,
    // and no arguments from git, so what follows the name is the admin's own options from the hook file
    // (`--no-allow`, `--format json`).
    const scanArgs =
      name === 'pre-push'
        ? ['--pre-push', ...args.slice(1, 3)]
        : name === 'commit-msg'
          ? [`--commit-msg=${args[1] ?? ''}`]
          : name === 'pre-receive'
            ? ['--pre-receive', ...args.slice(1)]
            : ['--staged'];
    return await scanCommand(scanArgs, io, `keyguard hook ${name}`);
  } catch (error) {
    if (io.env.KEYGUARD_DEBUG === '1') throw error;
    // The reason goes inside hookFailed's sentence: without its own `keyguard: ` and final period.
    const reason = (error as Error).message.replace(/^keyguard: /, '').replace(/\.$/, '');
    return { exitCode: EXIT.error, stdout: '', stderr: `${installMessages.hookFailed(reason, name)}\n` };
  }
}

/** install, uninstall, init and demo, each loaded only when asked for; install and uninstall take --global. */
async function setupCommand(name: 'install' | 'uninstall' | 'init' | 'demo', args: readonly string[], io: CliIo): Promise<CliResult> {
  const shared = name === 'install' || name === 'uninstall';
  const chooses = name === 'install' || name === 'init';
  const { values, positionals } = parse(name, args, {
    help: { type: 'boolean', short: 'h' },
    ...(shared ? { global: { type: 'boolean' } } : {}),
    ...(chooses ? { hook: { type: 'string', multiple: true } } : {}),
  });
  if (values.help) return { exitCode: 0, stdout: USAGE, stderr: '' };
  if (positionals[0] !== undefined) throw new UsageError(installMessages.noArguments(name, positionals[0]));
  const asked = values.hook as string[] | undefined;
  let hooks: HookName[] | undefined;
  if (asked !== undefined) {
    const { hooksFor } = await import('./install/hook-script.js');
    hooks = hooksFor(asked.flatMap((value) => value.split(',')));
    if (hooks === undefined || hooks.length === 0) throw new UsageError(installMessages.badHook(asked.join(',')));
  }
  const options = { ...(values.global === true ? { global: true } : {}), ...(hooks ? { hooks } : {}) };
  const load = {
    install: async () => (await import('./commands/install.js')).run(io, options),
    uninstall: async () => (await import('./commands/uninstall.js')).run(io, options),
    init: async () => (await import('./commands/init.js')).run(io, { ...(hooks ? { hooks, asked: asked ?? [] } : {}) }),
    demo: async () => (await import('./commands/demo.js')).run(io),
  }[name];
  try {
    return await load();
  } catch (error) {
    // A repository git refuses to read, git not answering: the message is already the one line to show.
    const { GitSetupError } = await import('./git/errors.js');
    if (error instanceof GitSetupError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** `keyguard doctor [--format pretty|json]`: is this repository protected, and by what? Loaded only when asked for. */
async function doctorCommand(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('doctor', args, { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return { exitCode: 0, stdout: USAGE, stderr: '' };
  if (positionals[0] !== undefined) throw new UsageError(installMessages.noArguments('doctor', positionals[0]));
  const format = (values.format as string | undefined) ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') throw new UsageError(messages.badFormat(format, ['pretty', 'json']));
  return (await import('./commands/doctor.js')).run(io, { format });
}

async function version(): Promise<string> {
  const { PACKAGE_ROOT_URL } = await import('./package-root.js');
  const pkg = JSON.parse(await readFile(new URL('package.json', PACKAGE_ROOT_URL), 'utf8')) as { version: string };
  return pkg.version;
}

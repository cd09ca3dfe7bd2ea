// `keyguard scan`: arguments in, a scan (src/scan/scan.ts) and its report out. The report's formatters
// are loaded only once there is a result to format.
import { resolve } from 'node:path';
import { EXIT, helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { KeyguardError, notice } from '../errors.js';
import { messages } from '../messages.js';
import { FORMATS, type Format } from '../report/formats.js';
import { blocks } from '../scan-result.js';
import { naming, parse } from './args.js';

export const help = `Usage: keyguard scan [options] [paths...] | --staged | --stdin
                     | --history [range] | --pre-push <remote> [url]
                     | --commit-msg <file> | --pre-receive

Looks for AWS credentials. Give exactly one of:
  [paths...]           files or directories (as lint-staged passes them)
  --staged             exactly what the next commit adds (what the hook runs)
  --stdin              standard input
  --history [range]    every line the commits of a range added (default: all
                       of HEAD); in CI: --history origin/main..HEAD
  --pre-push <remote> [url]
                       the commits a push sends (git's pre-push input on stdin)
  --commit-msg <file>  a commit message as git will keep it (commit-msg hook)
  --pre-receive        on a git server: the commits a push brings that the
                       server does not have (git's pre-receive input on
                       stdin); see "Git servers" below

Options:
  -f, --format pretty|json|sarif
                       report format (default: pretty; json or sarif when
                       --output ends in .json or .sarif)
  -o, --output <file>  write the report to <file> (atomically), not stdout
  --no-allow           report everything: ignore keyguard:allow comments,
                       allow patterns and the baseline
  -q, --quiet          print nothing when the scan passes (findings, warnings
                       and errors still print)
  -h, --help           show this help

Exit codes: 0 nothing found, 1 credentials found, 2 keyguard could not run
(nothing to scan, a bad option, not a repository).
Git servers: https://github.com/keyguard-dev/keyguard/blob/main/docs/server.md
`;

export function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  return scan(args, io);
}

/** `invoked`: what the user ran, when it is not `keyguard scan …` itself (`keyguard hook pre-commit`). */
export async function scan(args: readonly string[], io: CliIo, invoked?: string): Promise<CliResult> {
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
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) return helpResult(help);
  // A passing scan prints nothing (findings, warnings and errors still do): what the hooks ask for.
  const quiet = values.quiet === true;
  const noAllow = values['no-allow'] === true;
  // `-o -` and `-o /dev/stdout` mean standard output itself (which may be a socket no path can open).
  const named = values.output;
  const output = named === '-' || named === '/dev/stdout' ? undefined : named;
  if (output !== undefined && output.trim() === '') throw new KeyguardError(messages.outputEmpty);
  const format = parseFormat(values.format, output);
  const toStdout = named !== undefined && output === undefined;
  // With --history the positionals are the range (git log's revisions); with --pre-push the remote's
  // name and URL (the pre-push hook's arguments); otherwise paths.
  const history = values.history === true;
  const prePush = values['pre-push'] === true;
  const commitMsg = values['commit-msg'];
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
  if (modes === 0) throw new KeyguardError(messages.scanWhat);
  if (modes > 1) throw new KeyguardError(messages.scanConflict);

  const mode = values.staged
    ? '--staged'
    : history
      ? '--history'
      : prePush
        ? '--pre-push'
        : preReceive
          ? '--pre-receive'
          : commitMsg !== undefined
            ? '--commit-msg'
            : '';
  const service = await import('../scan/scan.js');
  // Not a repository: the line names the command the user ran.
  const result = await naming(invoked ?? `keyguard scan ${mode}`.trim(), async () => {
    if (values.staged) return service.scanStaged({ cwd: io.cwd, env: io.env, noAllow });
    if (commitMsg !== undefined)
      return service.scanCommitMessage({ cwd: io.cwd, env: io.env, file: commitMsg, noAllow });
    if (preReceive) return service.scanPreReceive({ cwd: io.cwd, env: io.env, noAllow, input: io.stdin });
    if (history || prePush) {
      const { progress } = io;
      const common = {
        cwd: io.cwd,
        env: io.env,
        noAllow,
        ...(progress
          ? { progress: (done: number, total: number) => progress(notice(messages.historyProgress(done, total))) }
          : {}),
      };
      return history
        ? service.scanHistory({ ...common, revisions: positionals })
        : service.scanPush({ ...common, remote: positionals[0], input: io.stdin });
    }
    const filters = await service.loadDiskFilters({ cwd: io.cwd, env: io.env, noAllow });
    return values.stdin
      ? service.scanStdin(io.stdin, filters)
      : service.scanPaths(positionals, { cwd: io.cwd, filters });
  });
  const { formatReport, reportPieces } = await import('../report/index.js');
  const exitCode = blocks(result) ? EXIT.found : EXIT.clean;
  const options = {
    format,
    // A file never gets color codes, whatever the terminal or FORCE_COLOR says; nor does a server's report,
    // which git passes to the pusher's terminal line by line after `remote: `.
    color: output === undefined && !toStdout && !preReceive && io.color,
    cwd: io.cwd,
    quiet,
    ...(format === 'sarif' ? { version: await (await import('../version.js')).version() } : {}),
  };
  if (output === undefined)
    return format === 'pretty'
      ? { exitCode, stdout: formatReport(result, options), stderr: '' }
      : { exitCode, stdout: '', stdoutPieces: reportPieces(result, options), stderr: '' };
  const report = formatReport(result, options);

  const { writeReport } = await import('../output.js');
  await writeReport(resolve(io.cwd, output), report, output);
  if (quiet && result.findings.length === 0) return { exitCode, stdout: '', stderr: '' };
  const { countCredentials } = await import('../report/credentials.js');
  return {
    exitCode,
    stdout: '',
    stderr: `${notice(messages.reportWritten(format, output, countCredentials(result.findings)))}\n`,
  };
}

/** `--format`, or else what `--output`'s extension says (`.sarif`, `.json`), or else pretty. */
function parseFormat(value: string | undefined, output?: string): Format {
  const format = value ?? (output ? formatForFile(output) : undefined) ?? 'pretty';
  if (!(FORMATS as readonly string[]).includes(format)) throw new KeyguardError(messages.badFormat(format, FORMATS));
  return format as Format;
}

/** The format a file name asks for: `report.sarif` is SARIF, `report.json` is JSON. */
function formatForFile(file: string): Format | undefined {
  if (/\.sarif(\.json)?$/i.test(file)) return 'sarif';
  if (/\.json$/i.test(file)) return 'json';
  return undefined;
}

// argv -> command -> { exitCode, stdout, stderr }. Each command is a module of its own (src/commands/),
// loaded only when it is run, that exports `run(args, io)` and its `help`.
import { helpResult, type CliIo, type CliResult, type Command } from './cli-io.js';
import { KeyguardError } from './errors.js';
import { messages } from './messages.js';

/** The commands, in the order the help lists them, each with its one line there. */
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  scan: {
    summary: 'scan files, staged changes, history or a push for AWS credentials',
    load: () => import('./commands/scan.js'),
  },
  install: {
    summary: 'install the git hooks in this repository (keeps your own hooks)',
    load: () => import('./commands/install.js'),
  },
  uninstall: {
    summary: 'remove what install added and put back the hooks it kept',
    load: () => import('./commands/uninstall.js'),
  },
  init: {
    summary: "install, and add `keyguard install` to package.json's prepare",
    load: () => import('./commands/init.js'),
  },
  doctor: {
    summary: 'is this repository protected, and by what? (proves it)',
    load: () => import('./commands/doctor.js'),
  },
  demo: { summary: 'see a commit blocked, in a throw-away repository', load: () => import('./commands/demo.js') },
  baseline: {
    summary: "record today's findings as known, so scans report only new ones",
    load: () => import('./commands/baseline.js'),
  },
  hook: {
    summary: 'what the installed git hooks run (keyguard hook pre-commit ...)',
    load: () => import('./commands/hook.js'),
  },
};

export const HELP = `Usage: keyguard <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(11)}${summary}`)
  .join('\n')}

Run \`keyguard <command> --help\` (or \`keyguard help <command>\`) for its options.
Start with \`keyguard install\`: the hook runs \`keyguard scan --staged\` at each
commit.

Options:
  -h, --help     show this help
  -v, --version  print the version

Environment:
  KEYGUARD=0             skip install, and let the hook pass (it says so)
  KEYGUARD_VERBOSE=1     a hook that passes says so (hooks are silent when they
                         pass)
  KEYGUARD_TIMEOUT=<s>   stop git when it says nothing for <s> seconds
                         (default 60; 0: wait forever)
  KEYGUARD_DEBUG=1       show the details of an unexpected error

Exit codes: 0 nothing found, 1 credentials found (commit blocked), 2 keyguard
could not run. \`keyguard\` alone prints this help on stderr and exits 2, as
\`keyguard scan\` with nothing to scan does.
`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<CliResult> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    // git failing because it is older than keyguard needs reads as that, in one line; the version is
    // asked only then (see git/version.ts).
    if (error instanceof KeyguardError) throw error;
    throw await (await import('./git/version.js')).explained(error, { cwd: io.cwd, env: io.env });
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<CliResult> {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
      // Nothing asked: like `keyguard scan` with nothing to scan, an error (exit 2), with the help.
      return { exitCode: 2, stdout: '', stderr: HELP };
    case '-h':
    case '--help':
      return helpResult(HELP);
    case 'help':
      return rest[0] === undefined ? helpResult(HELP) : helpResult((await command(rest[0])).help);
    case '-v':
    case '--version':
      return { exitCode: 0, stdout: `${await (await import('./version.js')).version()}\n`, stderr: '' };
    default:
      return (await command(name)).run(rest, io);
  }
}

async function command(name: string): Promise<Command> {
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) throw new KeyguardError(messages.unknownCommand(name));
  return entry.load();
}

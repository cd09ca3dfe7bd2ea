// Every user-facing line that is not part of a report lives here, so wording stays consistent.

export const USAGE = `Usage: keyguard <command> [options]

Commands:
  scan [paths...]        scan files or directories (as lint-staged passes them)
  scan --staged          scan exactly what the next commit adds (what the hook runs)
  scan --stdin           scan standard input

Options:
  --format pretty|json   report format (default: pretty)
  -h, --help             show this help
  -v, --version          print the version

Exit codes: 0 nothing found, 1 credentials found (commit blocked), 2 keyguard could not run.
`;

export const messages = {
  unknownCommand: (name: string) => `keyguard: unknown command "${name}". Run \`keyguard --help\` for the list.`,
  badFormat: (value: string, allowed: readonly string[]) =>
    `keyguard: --format must be one of ${allowed.join(', ')}, not "${value}".`,
  scanWhat: 'keyguard: nothing to scan. Give paths, --staged or --stdin (see `keyguard --help`).',
  scanConflict: 'keyguard: give only one of paths, --staged and --stdin.',
  unexpected: (message: string) =>
    `keyguard: ${message} (set KEYGUARD_DEBUG=1 for details)`,
};

// `keyguard hook <name> [git's arguments]`: what the installed hook runs. It maps the hook's name to a
// scan, and blocks on any failure, saying how to bypass.
import { EXIT, helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { errorDetails, KeyguardError, notice, notices } from '../errors.js';
import { installMessages } from '../messages.js';
import { scan } from './scan.js';

export const help = `Usage: keyguard hook <name> [git's arguments]

What the installed git hooks run; \`keyguard install --hook <name>\` writes them.
  pre-commit, pre-merge-commit
                         scan what the commit adds (\`keyguard scan --staged\`)
  pre-push               scan the commits the push sends
  commit-msg             scan the commit message
  pre-receive            on a git server: \`exec keyguard hook pre-receive\` in
                         a bare repository's hooks/pre-receive (see below);
                         options after the name go to the scan (--format json)

A hook that passes prints nothing; --verbose right after the name (or
KEYGUARD_VERBOSE=1) makes it say so. Any failure blocks, saying how to bypass
once (git commit --no-verify).
Environment: KEYGUARD=0 lets the hook pass (it says so); KEYGUARD_DEBUG=1 adds
the details of a failure.
Git servers: https://github.com/keyguard-dev/keyguard/blob/main/docs/server.md
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const [name] = args;
  if (name === '--help' || name === '-h') return helpResult(help);
  if (io.env.KEYGUARD === '0')
    return { exitCode: 0, stdout: '', stderr: notices([installMessages.hookSkipped(name ?? 'hook')]) };
  if (
    name !== 'pre-commit' &&
    name !== 'pre-merge-commit' &&
    name !== 'pre-push' &&
    name !== 'commit-msg' &&
    name !== 'pre-receive'
  ) {
    throw new KeyguardError(installMessages.unknownHook(name));
  }
  // A hook that passes says nothing, as git's own hooks and husky's do, unless asked: `--verbose` right
  // after the name (a husky line can say it), or KEYGUARD_VERBOSE=1 (git passes no option to a hook).
  const verbose = args[1] === '--verbose' || io.env.KEYGUARD_VERBOSE === '1';
  if (args[1] === '--verbose') args = [name, ...args.slice(2)];
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
    return await scan([...scanArgs, ...(verbose ? [] : ['--quiet'])], io, `keyguard hook ${name}`);
  } catch (caught) {
    const error = await (await import('../git/version.js')).explained(caught, { cwd: io.cwd, env: io.env });
    const debug = io.env.KEYGUARD_DEBUG === '1';
    // The reason goes inside hookFailed's sentence, without its final period. An error that is not one of
    // the expected conditions (which say all there is) means keyguard or git failed unexpectedly.
    let reason = (
      error instanceof KeyguardError ? error.text : error instanceof Error ? error.message : String(error)
    ).replace(/\.$/, '');
    if (!(error instanceof KeyguardError) && !debug) reason += ' (KEYGUARD_DEBUG=1 shows details)';
    const details = debug ? errorDetails(error) : '';
    return {
      exitCode: EXIT.error,
      stdout: '',
      stderr: `${notice(installMessages.hookFailed(reason, name))}\n${details}`,
    };
  }
}

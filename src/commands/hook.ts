// `keyguard hook <name> [git's arguments]`: what the installed hook runs. It maps the hook's name to a
// scan, and blocks on any failure, saying how to bypass.
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { KeyguardError, notices } from '../errors.js';
import { installMessages } from '../messages.js';
import { scan } from './scan.js';

export const help = `Usage: keyguard hook <name> [git's arguments]

What the installed git hooks run; \`keyguard install --hook <name>\` writes them.
  pre-commit, pre-merge-commit
                         scan what the commit adds (\`keyguard scan --staged\`)
  pre-push               scan the commits the push sends
  commit-msg             scan the commit message
  pre-receive            on a git server: \`exec keyguard hook pre-receive\` in
                         a bare repository's hooks/pre-receive (docs/server.md);
                         options after the name go to the scan (--format json)

Any failure blocks, saying how to bypass once (git commit --no-verify).
Environment: KEYGUARD=0 lets the hook pass (it says so).
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const [name] = args;
  if (name === '--help' || name === '-h') return helpResult(help);
  if (io.env.KEYGUARD === '0') return { exitCode: 0, stdout: '', stderr: notices([installMessages.hookSkipped(name ?? 'hook')]) };
  if (name !== 'pre-commit' && name !== 'pre-merge-commit' && name !== 'pre-push' && name !== 'commit-msg' && name !== 'pre-receive') {
    throw new KeyguardError(installMessages.unknownHook(name));
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
    return await scan(scanArgs, io, `keyguard hook ${name}`);
  } catch (error) {
    if (io.env.KEYGUARD_DEBUG === '1') throw error;
    // The reason goes inside hookFailed's sentence, without its final period.
    const reason = (error instanceof KeyguardError ? error.text : (error as Error).message).replace(/\.$/, '');
    throw new KeyguardError(installMessages.hookFailed(reason, name), { cause: error });
  }
}

// `keyguard install`: orchestration only; the work is in src/install, the wording in messages.ts.
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { displayPath, installHooks, type InstallOutcome, type Refused } from '../install/hooks.js';
import { notices } from '../errors.js';
import { installMessages as m } from '../messages.js';
import { noArguments, parse, parseHooks } from './args.js';

export const help = `Usage: keyguard install [--hook <name>]... [--global]

Installs keyguard's git hooks in this repository. Safe to repeat; keeps your
own hooks (keyguard's hook runs them first) and writes into husky's directory
when husky manages the hooks.

Options:
  --hook <name>          which: pre-commit, pre-merge-commit (the default two),
                         pre-push, commit-msg, or all (repeat or comma-separate)
  --global               into the hooks directory that repositories share (a
                         global core.hooksPath): every repository that uses it
                         runs this keyguard, by its path
  -h, --help             show this help

Environment: KEYGUARD=0 skips the install (it says so).
Team-wide: \`keyguard init\` runs this from package.json's prepare script.
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('install', args, {
    global: { type: 'boolean' },
    hook: { type: 'string', multiple: true },
  });
  if (values.help) return helpResult(help);
  noArguments('install', positionals);
  const hooks = await parseHooks(values.hook);
  return describeInstall(
    await installHooks({
      cwd: io.cwd,
      env: io.env,
      ...(values.global === true ? { global: true } : {}),
      ...(hooks ? { hooks } : {}),
    }),
    io.env,
  );
}

/** The npm scripts that run during `npm install`: a failure there would fail the install itself. */
const INSTALL_SCRIPTS = new Set([
  'preinstall',
  'install',
  'postinstall',
  'prepublish',
  'preprepare',
  'prepare',
  'postprepare',
]);

/** An install that did not happen: exit 2, but 0 inside `npm install` (`prepare`) so that the install still works. */
function refused(line: string, env: NodeJS.ProcessEnv): CliResult {
  return { exitCode: INSTALL_SCRIPTS.has(env.npm_lifecycle_event ?? '') ? 0 : 2, stdout: '', stderr: notices([line]) };
}

/** The lines of an expected refusal, shared by install and uninstall. */
export function describeRefusal(outcome: Refused, command: 'install' | 'uninstall', env: NodeJS.ProcessEnv): CliResult {
  switch (outcome.kind) {
    case 'shared-hooks-dir': {
      const setting = m.hooksPathFrom(outcome.setting?.scope, outcome.setting?.origin);
      return refused(m.sharedHooksDir(outcome.hooksDir, setting, outcome.localHooksDir, command === 'uninstall'), env);
    }
    case 'not-shared':
      return {
        exitCode: 2,
        stdout: '',
        stderr: notices([m.notShared(displayPath(outcome.hooksDir, outcome.topLevel), command)]),
      };
    case 'unsafe-path':
      return refused(
        m.unsafePath(
          displayPath(outcome.target, outcome.topLevel),
          displayPath(outcome.path, outcome.topLevel),
          outcome.reason,
        ),
        env,
      );
  }
}

export function describeInstall(outcome: InstallOutcome, env: NodeJS.ProcessEnv): CliResult {
  const ok = (lines: string[]): CliResult => ({ exitCode: 0, stdout: notices(lines), stderr: '' });
  switch (outcome.kind) {
    case 'shared-hooks-dir':
    case 'not-shared':
    case 'unsafe-path':
      return describeRefusal(outcome, 'install', env);
    case 'disabled':
      return ok([m.disabled]);
    case 'not-a-repository':
      return ok([m.notARepository('installed')]);
    case 'no-work-tree':
      return ok([m.noWorkTree('installed')]);
    case 'no-git':
      return ok([m.noGit('installed')]);
    case 'in-the-way':
      return {
        exitCode: 2,
        stdout: '',
        stderr: notices([
          m.inTheWay(displayPath(outcome.file, outcome.topLevel), displayPath(outcome.chained, outcome.topLevel)),
        ]),
      };
    case 'cannot-write':
      return {
        exitCode: 2,
        stdout: '',
        stderr: notices([m.cannotWrite(displayPath(outcome.path, outcome.topLevel), outcome.code)]),
      };
    case 'husky':
      return ok(
        outcome.files.map(({ file, line, action }) => {
          const shown = displayPath(file, outcome.topLevel);
          return action === 'unchanged'
            ? m.huskyUnchanged(shown)
            : action === 'created'
              ? m.huskyCreated(shown, line)
              : m.huskyAdded(shown, line);
        }),
      );
    case 'hooks': {
      const dir = displayPath(outcome.hooksDir, outcome.topLevel);
      if (outcome.hooks.every((h) => h.action === 'unchanged')) return ok([m.unchanged(dir)]);
      const names = outcome.hooks.map((h) => h.name);
      const chained = outcome.hooks
        .filter((h) => h.action === 'chained')
        .map((h) => m.chained(h.name, `${h.name}.keyguard-chained`));
      const installed = outcome.globalBin ? m.installedShared(names, dir, outcome.globalBin) : m.installed(names, dir);
      return ok([installed, ...chained]);
    }
  }
}

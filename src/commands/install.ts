// `keyguard install`: orchestration only; the work is in src/install, the wording in messages.ts.
import type { CliIo, CliResult } from '../cli.js';
import type { HookName } from '../install/hook-script.js';
import { displayPath, installHooks, type InstallOutcome, type Refused } from '../install/hooks.js';
import { installMessages as m } from '../messages.js';

export async function run(io: CliIo, options: { global?: boolean; hooks?: readonly HookName[] } = {}): Promise<CliResult> {
  return describeInstall(await installHooks({ cwd: io.cwd, env: io.env, ...options }), io.env);
}

/** The npm scripts that run during `npm install`: a failure there would fail the install itself. */
const INSTALL_SCRIPTS = new Set(['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare']);

/** An install that did not happen: exit 2, but 0 inside `npm install` (`prepare`) so that the install still works. */
function refused(line: string, env: NodeJS.ProcessEnv): CliResult {
  return { exitCode: INSTALL_SCRIPTS.has(env.npm_lifecycle_event ?? '') ? 0 : 2, stdout: '', stderr: `${line}\n` };
}

/** The lines of an expected refusal, shared by install and uninstall. */
export function describeRefusal(outcome: Refused, command: 'install' | 'uninstall', env: NodeJS.ProcessEnv): CliResult {
  switch (outcome.kind) {
    case 'shared-hooks-dir': {
      const setting = m.hooksPathFrom(outcome.setting?.scope, outcome.setting?.origin);
      return refused(m.sharedHooksDir(outcome.hooksDir, setting, outcome.localHooksDir, command === 'uninstall'), env);
    }
    case 'not-shared':
      return { exitCode: 2, stdout: '', stderr: `${m.notShared(displayPath(outcome.hooksDir, outcome.topLevel), command)}\n` };
    case 'unsafe-path':
      return refused(m.unsafePath(displayPath(outcome.target, outcome.topLevel), displayPath(outcome.path, outcome.topLevel), outcome.reason), env);
  }
}

export function describeInstall(outcome: InstallOutcome, env: NodeJS.ProcessEnv): CliResult {
  const ok = (lines: string[]): CliResult => ({ exitCode: 0, stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' });
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
        stderr: `${m.inTheWay(displayPath(outcome.file, outcome.topLevel), displayPath(outcome.chained, outcome.topLevel))}\n`,
      };
    case 'cannot-write':
      return { exitCode: 2, stdout: '', stderr: `${m.cannotWrite(displayPath(outcome.path, outcome.topLevel), outcome.code)}\n` };
    case 'husky':
      return ok(
        outcome.files.map(({ file, line, action }) => {
          const shown = displayPath(file, outcome.topLevel);
          return action === 'unchanged' ? m.huskyUnchanged(shown) : action === 'created' ? m.huskyCreated(shown, line) : m.huskyAdded(shown, line);
        }),
      );
    case 'hooks': {
      const dir = displayPath(outcome.hooksDir, outcome.topLevel);
      if (outcome.hooks.every((h) => h.action === 'unchanged')) return ok([m.unchanged(dir)]);
      const names = outcome.hooks.map((h) => h.name);
      const chained = outcome.hooks.filter((h) => h.action === 'chained').map((h) => m.chained(h.name, `${h.name}.keyguard-chained`));
      const installed = outcome.globalBin ? m.installedShared(names, dir, outcome.globalBin) : m.installed(names, dir);
      return ok([installed, ...chained]);
    }
  }
}

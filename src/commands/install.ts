// `keyguard install`: orchestration only; the work is in src/install, the wording in messages.ts.
import type { CliIo, CliResult } from '../cli.js';
import { displayPath, installHooks, type InstallOutcome } from '../install/hooks.js';
import { installMessages as m } from '../messages.js';

export async function run(io: CliIo): Promise<CliResult> {
  return describeInstall(await installHooks({ cwd: io.cwd, env: io.env }));
}

export function describeInstall(outcome: InstallOutcome): CliResult {
  const ok = (lines: string[]): CliResult => ({ exitCode: 0, stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' });
  switch (outcome.kind) {
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
    case 'husky': {
      const file = displayPath(outcome.file, outcome.topLevel);
      if (outcome.action === 'unchanged') return ok([m.huskyUnchanged(file)]);
      return ok([outcome.action === 'created' ? m.huskyCreated(file, outcome.line) : m.huskyAdded(file, outcome.line)]);
    }
    case 'hooks': {
      const dir = displayPath(outcome.hooksDir, outcome.topLevel);
      if (outcome.hooks.every((h) => h.action === 'unchanged')) return ok([m.unchanged(dir)]);
      const names = outcome.hooks.map((h) => h.name).join(' and ');
      const chained = outcome.hooks.filter((h) => h.action === 'chained').map((h) => m.chained(h.name, `${h.name}.keyguard-chained`));
      return ok([m.installed(names, dir), ...chained]);
    }
  }
}

// `keyguard uninstall`: removes exactly what install added and puts back the hooks it chained.
import type { CliIo, CliResult } from '../cli.js';
import { displayPath, uninstallHooks } from '../install/hooks.js';
import { installMessages as m } from '../messages.js';
import { describeRefusal } from './install.js';

export async function run(io: CliIo, options: { global?: boolean } = {}): Promise<CliResult> {
  const outcome = await uninstallHooks({ cwd: io.cwd, env: io.env, ...options });
  const ok = (lines: string[]): CliResult => ({ exitCode: 0, stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' });
  switch (outcome.kind) {
    case 'not-a-repository':
      return ok([m.notARepository('removed')]);
    case 'no-work-tree':
      return ok([m.noWorkTree('removed')]);
    case 'no-git':
      return ok([m.noGit('removed')]);
    case 'shared-hooks-dir':
    case 'not-shared':
    case 'unsafe-path':
      return describeRefusal(outcome, 'uninstall', io.env);
    case 'cannot-write':
      return { exitCode: 2, stdout: '', stderr: `${m.cannotRemove(displayPath(outcome.path, outcome.topLevel), outcome.code)}\n` };
    case 'husky': {
      const file = displayPath(outcome.file, outcome.topLevel);
      return ok([outcome.action === 'removed' ? m.huskyRemoved(file) : outcome.action === 'deleted' ? m.huskyDeleted(file) : m.huskyNothing(file)]);
    }
    case 'hooks': {
      const dir = displayPath(outcome.hooksDir, outcome.topLevel);
      const gone = outcome.hooks.filter((h) => h.action === 'removed' || h.action === 'restored').map((h) => h.name);
      const lines = [
        ...(gone.length > 0 ? [m.removed(gone.join(' and '), dir)] : [m.nothingToRemove(dir)]),
        ...outcome.hooks.filter((h) => h.action === 'restored').map((h) => m.restored(h.name)),
        ...outcome.hooks.filter((h) => h.action === 'not-ours').map((h) => m.notOurs(h.name)),
      ];
      return ok(lines);
    }
  }
}

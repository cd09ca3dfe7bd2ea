// `keyguard uninstall`: removes exactly what install added and puts back the hooks it chained.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { helpResult, type CliIo, type CliResult } from '../cli-io.js';
import { displayPath, uninstallHooks, type UninstallOutcome } from '../install/hooks.js';
import { removePrepareScript } from '../install/package-json.js';
import { UnsafePathError, ensureWritable } from '../install/safe-path.js';
import { writeFileAtomic } from '../install/write-atomic.js';
import { notices } from '../errors.js';
import { installMessages as m, listOf } from '../messages.js';
import { noArguments, parse } from './args.js';
import { describeRefusal } from './install.js';

export const help = `Usage: keyguard uninstall [--global]

Removes what \`keyguard install\` added and puts back the hooks it kept
(chained), and takes \`keyguard install\` out of package.json's prepare script.

Options:
  --global               from the hooks directory that repositories share (a
                         global core.hooksPath)
  -h, --help             show this help
`;

export async function run(args: readonly string[], io: CliIo): Promise<CliResult> {
  const { values, positionals } = parse('uninstall', args, { global: { type: 'boolean' } });
  if (values.help) return helpResult(help);
  noArguments('uninstall', positionals);
  return uninstall(io, values.global === true ? { global: true } : {});
}

async function uninstall(io: CliIo, options: { global?: boolean }): Promise<CliResult> {
  const result = describe(await uninstallHooks({ cwd: io.cwd, env: io.env, ...options }), io);
  if (result.exitCode !== 0 || options.global) return result;
  return { ...result, stdout: result.stdout + (await removePrepare(io.cwd)) };
}

/**
 * Takes `keyguard install` out of the prepare script of the package.json here (what `keyguard init`
 * added), so that the next npm install does not put the hooks back; the line to print, or ''.
 */
async function removePrepare(cwd: string): Promise<string> {
  const file = join(cwd, 'package.json');
  try {
    await ensureWritable(cwd, file);
    const text = await readFile(file, 'utf8');
    const edit = removePrepareScript(text);
    if (edit.kind !== 'changed') return '';
    await writeFileAtomic(file, edit.text, (await stat(file)).mode & 0o7777);
    return notices([m.prepareRemoved(edit.prepare)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    const reason =
      error instanceof UnsafePathError
        ? error.reason === 'symlink'
          ? 'it is a symlink'
          : 'it is not a regular file'
        : `it cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    return notices([m.prepareKept(reason)]);
  }
}

function describe(outcome: UninstallOutcome, io: CliIo): CliResult {
  const ok = (lines: string[]): CliResult => ({ exitCode: 0, stdout: notices(lines), stderr: '' });
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
      return {
        exitCode: 2,
        stdout: '',
        stderr: notices([m.cannotRemove(displayPath(outcome.path, outcome.topLevel), outcome.code)]),
      };
    case 'husky': {
      const lines = outcome.files
        .filter((f) => f.action !== 'absent')
        .map(({ file, action }) =>
          (action === 'removed' ? m.huskyRemoved : m.huskyDeleted)(displayPath(file, outcome.topLevel)),
        );
      return ok(
        lines.length > 0
          ? lines
          : [m.huskyNothing(outcome.files.map((f) => displayPath(f.file, outcome.topLevel)).join(' and '))],
      );
    }
    case 'hooks': {
      const dir = displayPath(outcome.hooksDir, outcome.topLevel);
      const gone = outcome.hooks.filter((h) => h.action === 'removed' || h.action === 'restored').map((h) => h.name);
      const lines = [
        ...(gone.length > 0 ? [m.removed(listOf(gone), dir)] : [m.nothingToRemove(dir)]),
        ...outcome.hooks.filter((h) => h.action === 'restored').map((h) => m.restored(h.name)),
        ...outcome.hooks.filter((h) => h.action === 'not-ours').map((h) => m.notOurs(h.name)),
        ...(outcome.removedDir ? [m.removedEmptyDir(dir)] : []),
      ];
      return ok(lines);
    }
  }
}

// Where git looks for hooks, asked of git itself so that core.hooksPath, linked worktrees, GIT_DIR and
// separate git dirs all resolve as git resolves them.
import { isAbsolute, join } from 'node:path';
import { GitSetupError, MIN_GIT_VERSION, unsafeRepositoryError } from './errors.js';
import { runGit, type GitContext } from './exec.js';
import { oldGitError } from './version.js';

export type HooksLocation =
  /**
   * A work tree: hooks go in `hooksDir` (absolute), and git runs them from `topLevel`. `commonDir` is the
   * git directory shared by its worktrees (where `hooks/` is by default).
   */
  | { kind: 'work-tree'; hooksDir: string; topLevel: string; commonDir: string }
  /** A bare repository or the inside of a .git directory: no commit is made here. */
  | { kind: 'no-work-tree'; hooksDir: string }
  | { kind: 'not-a-repository' }
  | { kind: 'no-git' };

/**
 * `git rev-parse --git-path hooks` is the directory git runs hooks from: core.hooksPath when it is set
 * (resolved the way git resolves it), else the common dir's hooks (shared by linked worktrees).
 * `--path-format=absolute` needs git 2.31. https://git-scm.com/docs/git-rev-parse#Documentation/git-rev-parse.txt---git-pathltpathgt
 */
export async function findHooksDir(context: GitContext): Promise<HooksLocation> {
  // LC_ALL=C: "not a git repository" is recognised in git's own words, which are translated otherwise.
  const c = { cwd: context.cwd, env: { ...context.env, LC_ALL: 'C' } };
  let where: Awaited<ReturnType<typeof runGit>>;
  try {
    where = await runGit(['rev-parse', '--path-format=absolute', '--git-path', 'hooks', '--git-common-dir'], c, {
      okExitCodes: 'any',
    });
  } catch (error) {
    if (error instanceof GitSetupError && error.reason === 'git-not-found') return { kind: 'no-git' };
    throw error;
  }
  if (where.exitCode !== 0) {
    if (/not a git repository/i.test(where.stderr)) return { kind: 'not-a-repository' };
    const unsafe = unsafeRepositoryError(where.stderr);
    if (unsafe) throw unsafe;
    throw new Error(`git rev-parse failed: ${where.stderr.trim().split('\n')[0] ?? ''}`);
  }
  const lines = where.stdout.toString('utf8').split('\n');
  // A git before 2.31 does not know --path-format and prints it back like any option it does not know.
  if (lines[0] === '--path-format=absolute') {
    throw (
      (await oldGitError(c)) ??
      new Error(`git rev-parse does not know --path-format (git ${MIN_GIT_VERSION} or later is needed)`)
    );
  }
  const [hooksDir = '', commonDir = ''] = lines;
  // Fails in a bare repository or inside .git; works from outside the work tree with GIT_WORK_TREE set.
  const top = await runGit(['rev-parse', '--show-toplevel'], c, { okExitCodes: 'any' });
  if (top.exitCode !== 0) return { kind: 'no-work-tree', hooksDir };
  return { kind: 'work-tree', hooksDir, topLevel: top.stdout.toString('utf8').replace(/\n$/, ''), commonDir };
}

/** Where `core.hooksPath` is set: git's scope (`global`, `system`, `local`, `worktree`, `command`) and file. */
export interface HooksPathSetting {
  scope: string;
  /** The file that sets it (`~/.gitconfig`), or git's own word for a setting from elsewhere. */
  origin: string;
  /** The value, with `~` expanded; relative to the top of the work tree when not absolute. */
  value: string;
}

/** Which configuration sets `core.hooksPath`, or undefined when none does. */
export async function hooksPathSetting(context: GitContext): Promise<HooksPathSetting | undefined> {
  const r = await runGit(
    ['config', '--show-scope', '--show-origin', '-z', '--type=path', '--get', 'core.hooksPath'],
    context,
    {
      okExitCodes: [1],
    },
  );
  if (r.exitCode !== 0) return undefined;
  // -z: `<scope> NUL <origin> NUL <value> NUL`, origin as `file:<path>` or `command line:`.
  const [scope = '', origin = '', value = ''] = r.stdout.toString('utf8').split('\0');
  return { scope, origin: origin.replace(/^file:/, ''), value };
}

/**
 * The hooks directory the setting names, as the user configured it (symlinks not resolved): the common
 * dir's `hooks` without one, else its value, relative to the top of the work tree when not absolute.
 */
export function configuredHooksDir(
  setting: HooksPathSetting | undefined,
  where: { topLevel: string; commonDir: string },
): string {
  if (setting === undefined) return join(where.commonDir, 'hooks');
  return isAbsolute(setting.value) ? setting.value : join(where.topLevel, setting.value);
}

// Where git looks for hooks, asked of git itself so that core.hooksPath, linked worktrees, GIT_DIR and
// separate git dirs all resolve as git resolves them. Self-contained (its own tiny spawn) until a shared
// exec wrapper exists in src/git.
import { spawnSync } from 'node:child_process';

export interface GitRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Thrown when the git binary cannot be started at all (not installed, not on PATH). */
export class GitNotFoundError extends Error {}

/** Runs git once and returns what it printed; a non-zero exit is a value, not an exception. */
export function runGit(args: readonly string[], options: GitOptions): GitRun {
  const result = spawnSync('git', args, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitNotFoundError('git is not installed or not on PATH', { cause: result.error });
    throw new Error(`git ${args[0] ?? ''} could not run: ${result.error.message}`, { cause: result.error });
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export type HooksLocation =
  /** A work tree: hooks go in `hooksDir` (absolute), and git runs them from `topLevel`. */
  | { kind: 'work-tree'; hooksDir: string; topLevel: string }
  /** A bare repository or the inside of a .git directory: no commit is made here. */
  | { kind: 'no-work-tree'; hooksDir: string }
  | { kind: 'not-a-repository' }
  | { kind: 'no-git' };

/**
 * `git rev-parse --git-path hooks` is the directory git runs hooks from: core.hooksPath when it is set
 * (resolved the way git resolves it), else the common dir's hooks (shared by linked worktrees).
 * `--path-format=absolute` needs git 2.31. https://git-scm.com/docs/git-rev-parse#Documentation/git-rev-parse.txt---git-pathltpathgt
 */
export function findHooksDir(options: GitOptions): HooksLocation {
  let where: GitRun;
  try {
    where = runGit(['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], options);
  } catch (error) {
    if (error instanceof GitNotFoundError) return { kind: 'no-git' };
    throw error;
  }
  if (where.status !== 0) {
    if (/not a git repository/i.test(where.stderr)) return { kind: 'not-a-repository' };
    throw new Error(`git rev-parse failed: ${firstLine(where.stderr)}`);
  }
  const hooksDir = where.stdout.replace(/\n$/, '');
  // Fails in a bare repository or inside .git; works from outside the work tree with GIT_WORK_TREE set.
  const top = runGit(['rev-parse', '--show-toplevel'], options);
  if (top.status !== 0) return { kind: 'no-work-tree', hooksDir };
  return { kind: 'work-tree', hooksDir, topLevel: top.stdout.replace(/\n$/, '') };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

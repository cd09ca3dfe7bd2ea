// Repository discovery, the way git itself does it (GIT_DIR, GIT_WORK_TREE, `.git` files of linked
// worktrees and submodules, GIT_CEILING_DIRECTORIES): by asking `git rev-parse`.
import { resolve } from 'node:path';
import { GitError, GitSetupError } from './errors.js';
import { runGit, type GitContext } from './exec.js';

export interface Repository {
  /** Absolute path of the repository's git directory (`.git`, or `.git/worktrees/<name>` in a linked worktree). */
  gitDir: string;
  /** Absolute path of the directory shared by all worktrees (where `hooks/`, `config` and objects live). */
  commonDir: string;
  bare: boolean;
  /** Absolute path of the top of the work tree, when the context is inside one. */
  topLevel: string | undefined;
}

/**
 * Finds the repository that git would use in `context`, or `undefined` when there is none. Other
 * failures (e.g. git refusing a repository owned by someone else) throw `GitError` with git's message.
 */
export async function findRepository(context: GitContext): Promise<Repository | undefined> {
  let stdout: string;
  try {
    // LC_ALL=C: the "not a git repository" test below reads git's message, which is translated otherwise.
    const output = await runGit(
      [
        'rev-parse',
        '--absolute-git-dir',
        '--git-common-dir',
        '--is-bare-repository',
        '--is-inside-work-tree',
        '--show-cdup',
      ],
      { cwd: context.cwd, env: { ...context.env, LC_ALL: 'C' } },
    );
    stdout = output.stdout.toString('utf8');
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.failure.stderr)) return undefined;
    throw error;
  }
  const [gitDir = '', commonDir = '', bare, insideWorkTree, cdup = ''] = stdout.split('\n');
  return {
    gitDir,
    commonDir: resolve(context.cwd, commonDir),
    bare: bare === 'true',
    topLevel: insideWorkTree === 'true' ? resolve(context.cwd, cdup) : undefined,
  };
}

/** Like `findRepository`, but no repository is the expected condition `GitSetupError('not-a-repository')`. */
export async function requireRepository(context: GitContext): Promise<Repository> {
  const repository = await findRepository(context);
  if (!repository) throw new GitSetupError('not-a-repository');
  return repository;
}

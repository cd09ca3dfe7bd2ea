// How git will clean up a commit message (https://git-scm.com/docs/git-commit#Documentation/git-commit.txt---cleanupltmodegt):
// the comment character and the cleanup mode, from the repository's configuration.
import { runGit, type GitContext } from './exec.js';

export interface CommitMessageSettings {
  /** core.commentChar (`#` unless set; `auto`, which git resolves per message, is taken as `#`). */
  commentChar: string;
  /** commit.cleanup, when set: strip, whitespace, verbatim, scissors or default. */
  cleanup: string | undefined;
}

export async function readCommitMessageSettings(context: GitContext): Promise<CommitMessageSettings> {
  const get = async (key: string) => {
    const r = await runGit(['config', '--get', key], context, { okExitCodes: [1] });
    return r.exitCode === 0 ? r.stdout.toString('utf8').replace(/\n$/, '') : undefined;
  };
  const [commentChar, cleanup] = await Promise.all([get('core.commentChar'), get('commit.cleanup')]);
  return { commentChar: commentChar && commentChar !== 'auto' ? commentChar : '#', cleanup };
}

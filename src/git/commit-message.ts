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
  // Both settings in one git process: with -z, each is `<key> LF <value> NUL`, the key in lower case.
  const r = await runGit(['config', '-z', '--get-regexp', '^(core\\.commentchar|commit\\.cleanup)$'], context, {
    okExitCodes: [1],
  });
  const values = new Map<string, string>();
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    const at = entry.indexOf('\n');
    if (at > 0) values.set(entry.slice(0, at), entry.slice(at + 1));
  }
  const commentChar = values.get('core.commentchar');
  return {
    commentChar: commentChar && commentChar !== 'auto' ? commentChar : '#',
    cleanup: values.get('commit.cleanup'),
  };
}

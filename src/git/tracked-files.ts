// The files git tracks, for `keyguard baseline` (which records findings in the whole tree).
import { runGit, type GitContext } from './exec.js';

/** Paths of tracked regular files relative to the top of the work tree (symlinks and submodules left out). */
export async function listTrackedFiles(context: GitContext & { topLevel: string }): Promise<string[]> {
  const { stdout } = await runGit(['ls-files', '-z', '--stage', '--full-name'], {
    cwd: context.topLevel,
    env: context.env,
  });
  const paths: string[] = [];
  // Each record: "<mode> <oid> <stage>\t<path>\0"
  for (const record of stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const mode = record.slice(0, 6);
    if (mode === '100644' || mode === '100755') paths.push(record.slice(tab + 1));
  }
  return [...new Set(paths)];
}

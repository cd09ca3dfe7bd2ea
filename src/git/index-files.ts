// A small file read from the index (`:<path>`), for the configuration of a staged scan: the rules a commit
// is checked with are the ones it contains, so weakening them shows up in the commit itself. The usual
// files (.keyguard.json, package.json, the default baseline) come through the staged reader's own
// cat-file process (`preload` in staged-changes.ts); this is for anything else, e.g. a baseline at a
// configured path.
import { CatFileBatch } from './cat-file-batch.js';
import type { GitContext } from './exec.js';

/** The index content of a repository-relative path, or undefined when it is not in the index. */
export async function readIndexFile(context: GitContext, path: string): Promise<string | undefined> {
  const batch = CatFileBatch.start(context);
  try {
    batch.request([`:${path}`]);
    batch.endRequests();
    const header = await batch.header();
    return header.type === 'blob' ? (await batch.body(header))?.toString('utf8') : undefined;
  } finally {
    batch.close();
  }
}

// A small file read from the index (`:<path>`), for the configuration of a staged scan: the rules a commit
// is checked with are the ones it contains, so weakening them shows up in the commit itself. The usual
// files (.keyguard.json, package.json, the default baseline) come through the staged reader's own
// cat-file process (`preload` in staged-changes.ts); this is for anything else, e.g. a baseline at a
// configured path.
import { CatFileBatch } from './cat-file-batch.js';
import type { GitContext } from './exec.js';

/** The index content of a repository-relative path, or undefined when it is not in the index. */
export async function readIndexFile(context: GitContext, path: string): Promise<string | undefined> {
  return (await readIndexFiles(context, [path])).get(path);
}

/** The index content of each path that is in the index, read by one cat-file process. */
export async function readIndexFiles(context: GitContext, paths: readonly string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const batch = CatFileBatch.start(context);
  try {
    batch.request(paths.map((path) => `:${path}`));
    batch.endRequests();
    for (const path of paths) {
      const header = await batch.header();
      if (header.type !== 'blob') {
        await batch.skip(header);
        continue;
      }
      const body = await batch.body(header);
      if (body) files.set(path, body.toString('utf8'));
    }
    return files;
  } finally {
    batch.close();
  }
}

// Small files read from the index (`:<path>` names), for the configuration of a staged scan: the rules a
// commit is checked with are the ones it contains, so weakening them shows up in the commit itself.
// One `git cat-file --batch` process, started at once so it runs beside the staged-changes reader.
import { CatFileBatch } from './cat-file-batch.js';
import type { GitContext } from './exec.js';

/** Returns a function that reads repository-relative paths from the index (undefined when absent). */
export function indexFileReader(context: GitContext, preload: readonly string[]): (path: string) => Promise<string | undefined> {
  const batch = CatFileBatch.start(context);
  // `:path` is the stage-0 index entry of `path`, relative to the top of the work tree; the index is the
  // one git gives the hook (GIT_INDEX_FILE for `git commit -a`), inherited through the environment.
  batch.request(preload.map((path) => `:${path}`));
  batch.endRequests();
  const answers = (async () => {
    const texts = new Map<string, string | undefined>();
    for (const path of preload) {
      const header = await batch.header();
      const body = header.type === 'blob' ? await batch.body(header) : (await batch.skip(header), undefined);
      texts.set(path, body?.toString('utf8'));
    }
    return texts;
  })();
  answers.catch(() => {});
  return async (path) => {
    const texts = await answers;
    if (texts.has(path)) return texts.get(path);
    // Not preloaded (a baseline path the configuration names): one more read.
    const more = CatFileBatch.start(context);
    more.request([`:${path}`]);
    more.endRequests();
    const header = await more.header();
    return header.type === 'blob' ? (await more.body(header))?.toString('utf8') : undefined;
  };
}

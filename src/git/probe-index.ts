// A throw-away index for `keyguard doctor`: HEAD's tree plus one staged file, with the file's blob in a
// temporary object directory. The repository's own objects stay readable through
// GIT_ALTERNATE_OBJECT_DIRECTORIES, so nothing is written into .git: not the user's index, not an object.
// https://git-scm.com/docs/git#Documentation/git.txt-codeGITOBJECTDIRECTORYcode
import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { runGit, type GitContext } from './exec.js';

/** The variables that make every git process (and the hook's keyguard) see the throw-away index. */
export interface ProbeIndex {
  GIT_INDEX_FILE: string;
  GIT_OBJECT_DIRECTORY: string;
  GIT_ALTERNATE_OBJECT_DIRECTORIES: string;
}

/**
 * Builds, inside `tmpDir` (the caller makes it and removes it), an index holding HEAD's tree (none when
 * there is no commit yet) and `path` with `content`, staged as a new file.
 */
export async function stageProbe(
  context: GitContext,
  tmpDir: string,
  path: string,
  content: string,
): Promise<ProbeIndex> {
  const objects = await runGit(['rev-parse', '--path-format=absolute', '--git-path', 'objects'], context);
  const ownObjects = objects.stdout.toString('utf8').replace(/\n$/, '');
  const alternates = [ownObjects, context.env.GIT_ALTERNATE_OBJECT_DIRECTORIES].filter(
    (d) => d !== undefined && d !== '',
  );
  const probe: ProbeIndex = {
    GIT_INDEX_FILE: join(tmpDir, 'index'),
    GIT_OBJECT_DIRECTORY: join(tmpDir, 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: alternates.join(delimiter),
  };
  await mkdir(probe.GIT_OBJECT_DIRECTORY);
  const git = { cwd: context.cwd, env: { ...context.env, ...probe } };
  // --no-filters: the blob is exactly `content`, whatever .gitattributes says about the path.
  const blob = await runGit(['hash-object', '-w', '--no-filters', '--stdin'], git, { input: content });
  const oid = blob.stdout.toString('utf8').trim();
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{tree}'], git, { okExitCodes: [1, 128] });
  await runGit(
    head.exitCode === 0 ? ['read-tree', head.stdout.toString('utf8').trim()] : ['read-tree', '--empty'],
    git,
  );
  await runGit(['update-index', '--add', '--cacheinfo', `100644,${oid},${path}`], git);
  return probe;
}

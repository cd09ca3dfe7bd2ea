// Reads a configuration file (.keyguard.json, package.json, the baseline) from a repository's work tree,
// which is untrusted: a FIFO there (an archive can hold one, git cannot) would block a plain readFile
// forever, and a symlink could point at a private file (~/.aws/credentials) whose text would then reach
// an error message. So the file is opened without blocking, checked to be a regular file through the
// open handle, and its real path must lie inside the repository.
// `fs.promises`, not node:fs/promises: requiring that loads a dozen of Node's own modules at once (readline
// among them); node:fs's getter loads them on first use, and a clean commit reads nothing from disk.
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

export type RepositoryFile =
  | { kind: 'file'; text: string }
  | { kind: 'missing' }
  /** `reason` completes "<path> ...": "is not a regular file"; `code` is the system's error code, if any. */
  | { kind: 'refused'; reason: string; code?: string };

// Windows has neither flag, nor FIFOs in a work tree.
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** The text of `path` (relative to `root`), or why it is not read. */
export async function readRepositoryFile(root: string, path: string): Promise<RepositoryFile> {
  const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';
  let real: string;
  try {
    real = await fs.realpath(join(root, path));
    const inside = relative(await fs.realpath(root), real);
    if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      return { kind: 'refused', reason: 'is a symlink to a file outside the repository' };
    }
  } catch (error) {
    // A dangling symlink is missing too.
    if (code(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'refused', reason: `cannot be read (${code(error)})`, code: code(error) };
  }
  let handle: FileHandle;
  try {
    // The real path: the one checked above, opened without following a link put there since.
    handle = await fs.open(real, FLAGS);
  } catch (error) {
    if (code(error) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'refused', reason: `cannot be read (${code(error)})`, code: code(error) };
  }
  try {
    if (!(await handle.stat()).isFile()) return { kind: 'refused', reason: 'is not a regular file' };
    return { kind: 'file', text: await handle.readFile('utf8') };
  } catch (error) {
    return { kind: 'refused', reason: `cannot be read (${code(error)})`, code: code(error) };
  } finally {
    await handle.close();
  }
}

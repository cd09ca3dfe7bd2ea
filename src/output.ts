// Writing a report to a file (`--output`). Kept out of src/report, which stays pure.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file could not be written; the message is one line that says why. */
export class OutputError extends Error {}

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

/**
 * Writes `content` to `file` atomically: a temporary file in the same directory (so the rename never
 * crosses file systems), flushed, then renamed over the target. A reader sees the old report or the
 * new one, never half of one; on failure the temporary file is removed.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temp, 'wx', 0o666);
    created = true;
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    if (created) await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new OutputError(`cannot write ${file}: ${REASONS[code] ?? code ?? 'error'}`, { cause: error });
  }
}

// Writing a report to a file (`--output`). Kept out of src/report, which stays pure.
import { lstat, realpath, stat, writeFile } from 'node:fs/promises';
import { KeyguardError } from './errors.js';
import { writeFileAtomic } from './install/write-atomic.js';

/** The file could not be written; the message is one line that says why. */
export class OutputError extends KeyguardError {}

const REASONS: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  ENOTDIR: 'a part of its path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENXIO: 'it is a socket, or a pipe nothing reads from',
  DANGLING: 'it is a symlink to a file that does not exist',
};

function outputError(file: string, error: unknown): OutputError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new OutputError(`cannot write ${file}: ${REASONS[code] ?? (code || 'error')}`, { cause: error });
}

/**
 * Writes a report where the user asked. A regular file (or a symlink to one, which stays a symlink) is
 * replaced atomically; anything else the path names (/dev/stdout, a pipe, a terminal, a device) is
 * written through as it is, never replaced by a file.
 */
export async function writeReport(file: string, content: string, shown = file): Promise<void> {
  try {
    const info = await stat(file).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      const link = await lstat(file).catch(() => undefined);
      if (link?.isSymbolicLink()) throw Object.assign(new Error('dangling symlink'), { code: 'DANGLING' });
      return undefined;
    });
    if (info === undefined) return await writeFileAtomic(file, content);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.isFile()) return await writeFileAtomic(await realpath(file), content);
    await writeFile(file, content, 'utf8');
  } catch (error) {
    throw outputError(shown, error);
  }
}

/**
 * Writes a file the user asked for (a report, the baseline) atomically, with install/write-atomic.ts;
 * what it adds is the error: one line that names the file and says why (an OutputError).
 */
export async function writeOutputFile(file: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(file, content);
  } catch (error) {
    throw outputError(file, error);
  }
}

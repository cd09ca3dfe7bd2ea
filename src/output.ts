// Writing a report to a file (`--output`). Kept out of src/report, which stays pure.
import { writeFileAtomic as writeAtomic } from './install/write-atomic.js';

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

/** Writes a report or the baseline atomically (see install/write-atomic.ts); failures are one-line OutputErrors. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  try {
    await writeAtomic(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new OutputError(`cannot write ${file}: ${REASONS[code] ?? (code || 'error')}`, { cause: error });
  }
}

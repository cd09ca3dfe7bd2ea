// Writes that never leave a half-written hook: a temporary file in the same directory, then rename(2),
// which replaces the target in one step. The mode is set explicitly (open's mode is filtered by umask).
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    // Name the file the user asked for, not the temporary one.
    if (error && typeof error === 'object' && 'path' in error) Object.assign(error, { path });
    throw error;
  }
}

/** `mode` with execute permission wherever it has read permission (what `chmod +x` gives under umask 022). */
export function withExecute(mode: number): number {
  return (mode & 0o7777) | ((mode & 0o444) >> 2);
}

// Writes that never leave a half-written file (a hook, package.json, a report, the baseline): a temporary
// file in the same directory (so the rename never crosses file systems), flushed, then rename(2), which
// replaces the target in one step. A reader sees the old content or the new, never half of one.
import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `path` atomically. `mode`, when given, is set explicitly (open's mode is filtered
 * by the umask); otherwise the file gets the default permissions. Errors are the file system's, with
 * `path` naming the target rather than the temporary file; the temporary file is removed.
 */
export async function writeFileAtomic(path: string, content: string, mode?: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temp, 'wx', mode ?? 0o666);
    created = true;
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, path);
  } catch (error) {
    if (created) await rm(temp, { force: true }).catch(() => undefined);
    if (error && typeof error === 'object' && 'path' in error) Object.assign(error, { path });
    throw error;
  }
}

/** `mode` with execute permission wherever it has read permission (what `chmod +x` gives under umask 022). */
export function withExecute(mode: number): number {
  return (mode & 0o7777) | ((mode & 0o444) >> 2);
}

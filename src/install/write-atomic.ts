// Writes that never leave a half-written file (a hook, package.json, a report, the baseline): a temporary
// file in the same directory (so the rename never crosses file systems), flushed, then rename(2), which
// replaces the target in one step. A reader sees the old content or the new, never half of one; a write
// that fails (a full disk, a read-only file system) or is killed before the rename leaves the old file
// as it was.
import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file written next to its target and flushed, not yet in place: `commit` renames it, `discard` removes it. */
export interface PreparedFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Names the target in a file system error (`path`), rather than the temporary file; also an error of a
 * write through a file handle (a full disk), which names no path at all.
 */
function naming(error: unknown, path: string): unknown {
  if (error && typeof error === 'object' && ('path' in error || 'code' in error)) Object.assign(error, { path });
  return error;
}

/**
 * Writes `content` next to `path` (see writeFileAtomic) without putting it in place yet, for a caller that
 * has one more step to take first (keeping the hook it replaces).
 */
export async function prepareFile(path: string, content: string, mode?: number): Promise<PreparedFile> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  const discard = async () => {
    if (created) await rm(temp, { force: true }).catch(() => undefined);
  };
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
  } catch (error) {
    await discard();
    throw naming(error, path);
  }
  return {
    commit: async () => {
      try {
        await rename(temp, path);
      } catch (error) {
        await discard();
        throw naming(error, path);
      }
    },
    discard,
  };
}

/**
 * Writes `content` to `path` atomically. `mode`, when given, is set explicitly (open's mode is filtered
 * by the umask); otherwise the file gets the default permissions. Errors are the file system's, with
 * `path` naming the target rather than the temporary file; the temporary file is removed.
 */
export async function writeFileAtomic(path: string, content: string, mode?: number): Promise<void> {
  await (await prepareFile(path, content, mode)).commit();
}

/** `mode` with execute permission wherever it has read permission (what `chmod +x` gives under umask 022). */
export function withExecute(mode: number): number {
  return (mode & 0o7777) | ((mode & 0o444) >> 2);
}

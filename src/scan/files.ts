// The files `keyguard scan <paths>` reads: directories walked in a stable order, and only regular files
// opened (a FIFO or a device given as a path must not hang the scan).
// `fs.promises` through node:fs's getter: requiring node:fs/promises loads a dozen of Node's own modules
// (readline among them) that a clean commit, which reads no file, never needs.
import { constants, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';

/** Directories never descended into when a directory is given to `keyguard scan`. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** Files under `path` (as the user wrote it, resolved against `cwd` for the file system), sorted. */
export async function* walk(path: string, cwd: string): AsyncGenerator<string> {
  const info = await fs.stat(resolve(cwd, path));
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  const entries = await fs.readdir(resolve(cwd, path), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* walk(join(path, entry.name), cwd);
    } else if (entry.isFile()) {
      yield join(path, entry.name);
    }
  }
}

/**
 * The bytes of a regular file, or undefined for anything else (a FIFO, a device, a socket). Opening a
 * FIFO for reading waits for a writer, forever if none comes: O_NONBLOCK makes open() return at once
 * (it changes nothing for a regular file). The type is checked on the opened handle, so the path cannot
 * be swapped for something else in between.
 */
export async function readRegularFile(file: string): Promise<Buffer | undefined> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

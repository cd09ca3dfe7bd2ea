// Where keyguard may write in a repository it does not trust. The repository decides what its files are:
// a tracked symlink (`lnk -> /home/me`, `.husky -> ~/somewhere`, `package.json -> ~/.npmrc`) must not
// decide where keyguard writes, nor make it copy a private file's content into the repository. So every
// write below a directory keyguard was given (the work tree, the git directory) walks the path one
// component at a time: each existing one must be a real directory (no symlink), the file itself absent or
// a regular file, and no component may be `.git` unless the caller writes into the git directory on
// purpose (its own hooks).
import { lstat, mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/** Why a path is refused. */
export type UnsafeReason = 'symlink' | 'not-a-directory' | 'not-a-file' | 'git-dir' | 'outside';

/**
 * A path keyguard will not write to; an expected condition, reported in one line (messages.ts).
 * `target` is what keyguard meant to write, `path` the component that stopped it (both absolute).
 */
export class UnsafePathError extends Error {
  constructor(
    readonly target: string,
    readonly path: string,
    readonly reason: UnsafeReason,
  ) {
    super(`${target}: ${path}: ${reason}`);
    this.name = 'UnsafePathError';
  }
}

/** `path` relative to `root` when it lies inside it (or is it), else undefined. */
export function inside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel;
}

/**
 * Checks that `target` (absolute, inside `root`) can be written without following a symlink, creating the
 * missing directories on the way when `create` is set (one at a time, so none is made through a link).
 * `root` itself is trusted: it is where git says the work tree or the git directory is.
 */
export async function ensureWritable(
  root: string,
  target: string,
  options: { create?: boolean; gitDir?: boolean } = {},
): Promise<void> {
  const rel = inside(root, target);
  if (rel === undefined || rel === '') throw new UnsafePathError(target, target, 'outside');
  const parts = rel.split(sep);
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    if (!options.gitDir && part.toLowerCase() === '.git') throw new UnsafePathError(target, current, 'git-dir');
    const last = i === parts.length - 1;
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info === undefined) {
      if (last) return;
      if (options.create) {
        await mkdir(current).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        // Made by someone else in between? Check it again like any other component.
        const made = await lstat(current);
        if (made.isSymbolicLink()) throw new UnsafePathError(target, current, 'symlink');
        if (!made.isDirectory()) throw new UnsafePathError(target, current, 'not-a-directory');
      }
      continue;
    }
    if (info.isSymbolicLink()) throw new UnsafePathError(target, current, 'symlink');
    if (last) {
      if (!info.isFile()) throw new UnsafePathError(target, current, 'not-a-file');
    } else if (!info.isDirectory()) {
      throw new UnsafePathError(target, current, 'not-a-directory');
    }
  }
}

/**
 * Checks that a directory inside `root` is reached without a symlink, creating it (and the directories
 * on the way) when `create` is set.
 */
export async function ensureDirectory(
  root: string,
  dir: string,
  options: { create?: boolean; gitDir?: boolean } = {},
): Promise<void> {
  const rel = inside(root, dir);
  if (rel === undefined) throw new UnsafePathError(dir, dir, 'outside');
  if (rel === '') return;
  // The directory is checked as the parent of a file in it: every component up to it must be real.
  await ensureWritable(root, join(dir, '.keyguard-check'), options);
}

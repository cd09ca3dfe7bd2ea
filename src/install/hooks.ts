// Installs and removes keyguard's hooks. Every expected condition (not a repository, KEYGUARD=0, a
// read-only hooks directory, a hook in the way) is a returned value; bin.ts turns it into a line and an
// exit code. https://git-scm.com/docs/githooks
import { link, lstat, mkdir, readFile, readdir, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { configuredHooksDir, findHooksDir, hooksPathSetting, type HooksPathSetting } from '../git/hooks-path.js';
import {
  CHAINED_SUFFIX,
  DEFAULT_HOOKS,
  HOOK_NAMES,
  checkoutBin,
  chooseSearchFrom,
  isKeyguardHook,
  renderHook,
  type HookName,
} from './hook-script.js';
import { addHuskyLine, huskyDirOf, huskyLine, removeHuskyLine } from './husky.js';
import { UnsafePathError, ensureDirectory, ensureWritable, inside, type UnsafeReason } from './safe-path.js';
import { prepareFile, withExecute, writeFileAtomic, type PreparedFile } from './write-atomic.js';
import { PACKAGE_ROOT, PACKAGE_ROOT_URL } from '../package-root.js';

export interface InstallOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** An absolute keyguard bin for the hook to run (the demo points the hook at the running keyguard). */
  bin?: string;
  /** `--global`: write into a hooks directory outside this repository, shared by others (a global core.hooksPath). */
  global?: boolean;
  /** Which hooks (`--hook`); pre-commit and pre-merge-commit when not given. */
  hooks?: readonly HookName[];
}

export type NotInstalled =
  | { kind: 'disabled' }
  | { kind: 'not-a-repository' }
  | { kind: 'no-work-tree' }
  | { kind: 'no-git' };

export type HookAction = 'created' | 'updated' | 'unchanged' | 'chained';
export type RemoveAction = 'removed' | 'restored' | 'not-ours' | 'absent';

/** A husky file (`.husky/<name>`) and what install did to it. */
export interface HuskyFile {
  name: HookName;
  file: string;
  line: string;
  action: 'created' | 'added' | 'unchanged';
}

/** Expected refusals shared by install and uninstall. */
export type Refused =
  /** The hooks directory is outside this repository (a global core.hooksPath) and --global was not given. */
  | {
      kind: 'shared-hooks-dir';
      hooksDir: string;
      topLevel: string;
      localHooksDir: string;
      setting: HooksPathSetting | undefined;
    }
  /** --global, but this repository's hooks directory is its own. */
  | { kind: 'not-shared'; hooksDir: string; topLevel: string }
  /** A path on the way is a symlink (or not what it should be): nothing is written through it. */
  | { kind: 'unsafe-path'; target: string; path: string; reason: UnsafeReason; topLevel: string };

export type InstallOutcome =
  | NotInstalled
  | Refused
  | {
      kind: 'hooks';
      hooksDir: string;
      topLevel: string;
      hooks: { name: HookName; action: HookAction }[];
      /** The keyguard a hook in a shared directory runs (absolute), with --global. */
      globalBin?: string;
    }
  | { kind: 'husky'; topLevel: string; files: HuskyFile[] }
  | { kind: 'in-the-way'; file: string; chained: string; topLevel: string }
  | { kind: 'cannot-write'; path: string; code: string; topLevel: string };

export type UninstallOutcome =
  | Exclude<NotInstalled, { kind: 'disabled' }>
  | Refused
  | {
      kind: 'hooks';
      hooksDir: string;
      topLevel: string;
      hooks: { name: HookName; action: RemoveAction }[];
      removedDir?: boolean;
    }
  | {
      kind: 'husky';
      topLevel: string;
      files: { name: HookName; file: string; action: 'removed' | 'deleted' | 'absent' }[];
    }
  | { kind: 'cannot-write'; path: string; code: string; topLevel: string };

/** The root of the running keyguard package (dist/install/ or src/install/ -> ../..). */
export const KEYGUARD_ROOT = PACKAGE_ROOT;
const TEMPLATE = new URL('hooks/pre-commit', PACKAGE_ROOT_URL);

export async function installHooks(options: InstallOptions): Promise<InstallOutcome> {
  if (options.env.KEYGUARD === '0') return { kind: 'disabled' };
  const where = await findHooksDir(options);
  if (where.kind !== 'work-tree') return where.kind === 'no-work-tree' ? { kind: 'no-work-tree' } : where;
  const { topLevel } = where;
  const searchFrom = chooseSearchFrom({ topLevel, keyguardRoot: KEYGUARD_ROOT, cwd: options.cwd });
  const wanted = options.hooks ?? DEFAULT_HOOKS;
  try {
    const place = await placeOf(where, options);
    if ('kind' in place) return place;
    const hooksDir = place.dir;
    const husky = place.root === topLevel ? huskyDirOf(hooksDir) : undefined;
    if (husky !== undefined) {
      const files: HuskyFile[] = [];
      // Every file is checked before any is read or written: a husky file that links to a private file
      // must not be copied, and a refusal leaves nothing half-installed.
      for (const name of wanted) await ensureWritable(topLevel, join(husky, name), { create: true });
      for (const name of wanted) {
        const file = join(husky, name);
        const line = huskyLine(searchFrom, name);
        const current = await readText(file);
        const next = addHuskyLine(current ?? '', line, name);
        if (next === undefined) {
          files.push({ name, file, line, action: 'unchanged' });
          continue;
        }
        await writeFileAtomic(file, next, current === undefined ? 0o755 : withExecute((await stat(file)).mode));
        files.push({ name, file, line, action: current === undefined ? 'created' : 'added' });
      }
      return { kind: 'husky', topLevel, files };
    }

    // A hook in a shared directory runs in every repository: it runs exactly this keyguard, by its path.
    const globalBin = place.shared ? await realpath(join(KEYGUARD_ROOT, 'bin', 'keyguard.cjs')) : undefined;
    const bin = options.bin ?? globalBin ?? checkoutBin({ topLevel, keyguardRoot: KEYGUARD_ROOT });
    const text = renderHook(await readFile(TEMPLATE, 'utf8'), { searchFrom, ...(bin ? { bin } : {}) });
    if (place.shared) await mkdir(hooksDir, { recursive: true });
    else await ensureDirectory(place.root, hooksDir, { create: true, gitDir: place.gitDir });
    // Check every hook before writing any, so a hook in the way leaves nothing half-installed.
    const plans: { name: HookName; path: string; mode: number | undefined; action: HookAction }[] = [];
    for (const name of wanted) {
      const plan = await planHook(join(hooksDir, name), text);
      if (plan === 'in-the-way')
        return {
          kind: 'in-the-way',
          file: join(hooksDir, name),
          chained: join(hooksDir, name) + CHAINED_SUFFIX,
          topLevel,
        };
      plans.push({ name, ...plan });
    }
    for (const plan of plans) {
      if (plan.action === 'unchanged') continue;
      if (plan.action !== 'chained') {
        await writeFileAtomic(plan.path, text, plan.mode === undefined ? 0o755 : withExecute(plan.mode));
        continue;
      }
      const chained = await chain(plan.path, plan.mode === undefined, text);
      if (chained === 'in-the-way')
        return { kind: 'in-the-way', file: plan.path, chained: plan.path + CHAINED_SUFFIX, topLevel };
    }
    await removeStaleTemporaries(hooksDir);
    return {
      kind: 'hooks',
      hooksDir,
      topLevel,
      hooks: plans.map(({ name, action }) => ({ name, action })),
      ...(globalBin ? { globalBin } : {}),
    };
  } catch (error) {
    return failed(error, where.hooksDir, topLevel);
  }
}

/**
 * Where the hooks directory lies: in the repository's git directory (its own hooks), in its work tree
 * (a core.hooksPath such as `.githooks` or husky's `.husky/_`), or outside the repository, where other
 * repositories share it (a global core.hooksPath): keyguard writes there only when asked with --global.
 * git names the hooks directory with its symlinks resolved, so the place is judged by the path as
 * configured (`.husky/_` under the work tree, even when `.husky` links elsewhere), and the walk down
 * that path then refuses the symlink.
 */
async function placeOf(
  where: { hooksDir: string; topLevel: string; commonDir: string },
  options: { cwd: string; env: NodeJS.ProcessEnv; global?: boolean },
): Promise<Place | Refused> {
  const { hooksDir, topLevel, commonDir } = where;
  const setting = await hooksPathSetting(options);
  const configured = configuredHooksDir(setting, { topLevel, commonDir });
  const own: Place | undefined =
    inside(commonDir, configured) !== undefined
      ? { root: commonDir, dir: configured, gitDir: true, shared: false }
      : inside(topLevel, configured) !== undefined
        ? { root: topLevel, dir: configured, gitDir: false, shared: false }
        : undefined;
  if (own !== undefined) {
    if (options.global) return { kind: 'not-shared', hooksDir: configured, topLevel };
    return own;
  }
  if (options.global) return { root: undefined, dir: hooksDir, gitDir: false, shared: true };
  return { kind: 'shared-hooks-dir', hooksDir, topLevel, localHooksDir: join(commonDir, 'hooks'), setting };
}

type Place =
  | { root: string; dir: string; gitDir: boolean; shared: false }
  | { root: undefined; dir: string; gitDir: false; shared: true };

/** A file system error or a refused path as the outcome to report; anything else is unexpected. */
function failed(
  error: unknown,
  hooksDir: string,
  topLevel: string,
): { kind: 'cannot-write'; path: string; code: string; topLevel: string } | Refused {
  if (error instanceof UnsafePathError)
    return { kind: 'unsafe-path', target: error.target, path: error.path, reason: error.reason, topLevel };
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string')
    return { kind: 'cannot-write', path: (error as NodeJS.ErrnoException).path ?? hooksDir, code, topLevel };
  throw error;
}

export async function uninstallHooks(options: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  global?: boolean;
}): Promise<UninstallOutcome> {
  const where = await findHooksDir(options);
  if (where.kind !== 'work-tree') return where.kind === 'no-work-tree' ? { kind: 'no-work-tree' } : where;
  const { topLevel } = where;
  try {
    const place = await placeOf(where, options);
    if ('kind' in place) return place;
    const hooksDir = place.dir;
    const husky = place.root === topLevel ? huskyDirOf(hooksDir) : undefined;
    if (husky !== undefined) {
      for (const name of HOOK_NAMES) await ensureWritable(topLevel, join(husky, name));
      const files: { name: HookName; file: string; action: 'removed' | 'deleted' | 'absent' }[] = [];
      for (const name of HOOK_NAMES) {
        const file = join(husky, name);
        const current = await readText(file);
        const next = current === undefined ? undefined : removeHuskyLine(current);
        if (next === undefined) {
          files.push({ name, file, action: 'absent' });
        } else if (next.trim() === '') {
          await unlink(file);
          files.push({ name, file, action: 'deleted' });
        } else {
          await writeFileAtomic(file, next, (await stat(file)).mode & 0o7777);
          files.push({ name, file, action: 'removed' });
        }
      }
      return { kind: 'husky', topLevel, files };
    }
    if (!place.shared) await ensureDirectory(place.root, hooksDir, { gitDir: place.gitDir });

    const hooks: { name: HookName; action: RemoveAction }[] = [];
    for (const name of HOOK_NAMES) {
      const path = join(hooksDir, name);
      const chained = path + CHAINED_SUFFIX;
      const existing = await inspect(path);
      if (existing !== undefined && !existing.ours) {
        // A pre-push or commit-msg hook of the user's own is none of keyguard's business unless asked for.
        hooks.push({ name, action: DEFAULT_HOOKS.includes(name) ? 'not-ours' : 'absent' });
      } else if (await exists(chained)) {
        await rename(chained, path);
        hooks.push({ name, action: 'restored' });
      } else if (existing !== undefined) {
        await unlink(path);
        hooks.push({ name, action: 'removed' });
      } else {
        hooks.push({ name, action: 'absent' });
      }
    }
    // A hooks directory in the work tree (`core.hooksPath = .githooks`) that keyguard's hooks leave empty
    // has no use left (git does not even track it); the git directory's own hooks/ stays.
    let removedDir = false;
    if (!place.shared && !place.gitDir && (await readdir(hooksDir).catch(() => ['?'])).length === 0) {
      await rmdir(hooksDir);
      removedDir = true;
    }
    return { kind: 'hooks', hooksDir, topLevel, hooks, ...(removedDir ? { removedDir } : {}) };
  } catch (error) {
    return failed(error, where.hooksDir, topLevel);
  }
}

/**
 * Puts keyguard's hook (`text`) at `path` and keeps the user's hook that is there as `path` + CHAINED_SUFFIX,
 * byte for byte with its mode. At no moment is `path` missing or half written, so a kill, a full disk or
 * another `keyguard install` running at the same time (npm workspaces run `prepare` in parallel) never
 * leaves a commit without the user's hook:
 *   1. keyguard's hook is written to a temporary file and flushed (a full disk stops here);
 *   2. the user's hook gets its second name by link(2), which never replaces a file: a concurrent install
 *      that got there first makes it fail with EEXIST instead of keeping keyguard's hook as the user's;
 *   3. rename(2) puts keyguard's hook in place of the first name, in one step.
 * A symlink (which link would follow on some systems), or a file system without hard links, is kept by
 * rename instead, as before: the hook is then missing for the moment between the two renames.
 */
async function chain(path: string, symlink: boolean, text: string): Promise<'chained' | 'in-the-way'> {
  const chained = path + CHAINED_SUFFIX;
  const prepared = await prepareFile(path, text, 0o755);
  try {
    if (symlink) return await chainByRename(path, prepared);
    try {
      await link(path, chained);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EMLINK')
        return await chainByRename(path, prepared);
      if (code !== 'EEXIST') throw error;
      // Someone kept a hook there first: the same one (an earlier run, stopped), or another install that
      // has already put keyguard's hook in place. Anything else is a hook keyguard must not touch.
      if (!(await sameFile(path, chained)) && !(await inspect(path))?.ours) {
        await prepared.discard();
        return 'in-the-way';
      }
    }
    await prepared.commit();
    return 'chained';
  } catch (error) {
    await prepared.discard();
    throw error;
  }
}

/**
 * What to do with one hook path: create it, update keyguard's own, or chain the user's. A hook that is
 * not keyguard's while another file already holds the chained name is in the way, unless that is a
 * moment in another install running at the same time: the same file under both names (it is half-way, or
 * was stopped there), or keyguard's hook put in place just after this one looked (so look again).
 */
async function planHook(
  path: string,
  text: string,
): Promise<{ path: string; mode: number | undefined; action: HookAction } | 'in-the-way'> {
  for (let look = 0; look < 3; look++) {
    const existing = await inspect(path);
    if (existing === undefined) return { path, mode: undefined, action: 'created' };
    if (existing.ours) {
      const unchanged =
        existing.text === text && existing.mode !== undefined && existing.mode === withExecute(existing.mode);
      return { path, mode: existing.mode, action: unchanged ? 'unchanged' : 'updated' };
    }
    const chained = path + CHAINED_SUFFIX;
    if (!(await exists(chained)) || (await sameFile(path, chained)))
      return { path, mode: existing.mode, action: 'chained' };
  }
  return 'in-the-way';
}

/** Step 2 by rename: if keyguard's hook then cannot be put in place, the user's goes back where it was. */
async function chainByRename(path: string, prepared: PreparedFile): Promise<'chained'> {
  await rename(path, path + CHAINED_SUFFIX);
  try {
    await prepared.commit();
  } catch (error) {
    await rename(path + CHAINED_SUFFIX, path).catch(() => undefined);
    throw error;
  }
  return 'chained';
}

/** A temporary file of write-atomic.ts for one of keyguard's hooks. */
const TEMPORARY = new RegExp(`^\\.(?:${HOOK_NAMES.join('|')})\\.[0-9a-f]{12}\\.tmp$`);

/**
 * Removes what an install killed before its rename left in the hooks directory (git never runs it, but
 * it is clutter). Only files older than an hour: a younger one may be another install's, about to be
 * renamed into place.
 */
async function removeStaleTemporaries(hooksDir: string): Promise<void> {
  const names = await readdir(hooksDir).catch(() => [] as string[]);
  const hourAgo = Date.now() - 3600_000;
  for (const name of names.filter((n) => TEMPORARY.test(n))) {
    const info = await lstat(join(hooksDir, name)).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < hourAgo) await unlink(join(hooksDir, name)).catch(() => undefined);
  }
}

/** Whether two paths name the same file (hard links of one another); false when either is missing. */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([lstat(a).catch(() => undefined), lstat(b).catch(() => undefined)]);
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}

/**
 * A hook file's text and mode (undefined for a symlink, which a write replaces by a file), or undefined
 * when there is none. A dangling symlink is a foreign hook: it is kept as it is.
 */
async function inspect(path: string): Promise<{ text: string; mode: number | undefined; ours: boolean } | undefined> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (info.isSymbolicLink()) {
    const text = (await readText(path)) ?? '';
    return { text, mode: undefined, ours: isKeyguardHook(text) };
  }
  const text = await readFile(path, 'utf8');
  return { text, mode: info.mode & 0o7777, ours: isKeyguardHook(text) };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A path as the user reads it: relative to the work tree's top when inside it, else absolute. */
export function displayPath(path: string, topLevel: string): string {
  const rel = relative(topLevel, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

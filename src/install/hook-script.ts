// The hook text keyguard writes into the hooks directory: the shipped hooks/pre-commit with two settings
// filled in. Pure: the template comes in as a string, the caller reads and writes files.
import { isAbsolute, join, relative, sep } from 'node:path';
import { shellQuote } from '../shell-quote.js';

/**
 * Every hook keyguard can install: the commit gates (`git merge` runs pre-merge-commit, not pre-commit, for
 * the merge commit it makes), the push, and the commit message.
 */
export const HOOK_NAMES = ['pre-commit', 'pre-merge-commit', 'pre-push', 'commit-msg'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** What `keyguard install` writes unless `--hook` says otherwise. */
export const DEFAULT_HOOKS: readonly HookName[] = ['pre-commit', 'pre-merge-commit'];

/** `--hook` values: a hook's name, or `all`. Undefined for a name keyguard does not install. */
export function hooksFor(values: readonly string[]): HookName[] | undefined {
  const names = new Set<HookName>();
  for (const value of values) {
    if (value === 'all') for (const name of HOOK_NAMES) names.add(name);
    else if ((HOOK_NAMES as readonly string[]).includes(value)) names.add(value as HookName);
    else return undefined;
  }
  return HOOK_NAMES.filter((name) => names.has(name));
}

/** Marks a hook file as keyguard's own, so install can replace it and uninstall can remove it. */
const HOOK_MARK = 'keyguard-managed-hook';

/** A hook that was there before keyguard is renamed to `<name>` + this, and keyguard's hook runs it first. */
export const CHAINED_SUFFIX = '.keyguard-chained';

export interface HookSettings {
  /** Where the hook starts looking for node_modules/keyguard: `.` or a path relative to the work tree's top, `/`-separated. */
  searchFrom: string;
  /** An absolute path to a keyguard bin to prefer (only the demo sets it). */
  bin?: string;
}

/**
 * The line of a setting as `renderHook` writes it: the value bare, or in single quotes (`shellQuote`),
 * which run over several lines when the value holds a line break (a directory name may). Matching only
 * to the end of the first line would leave the rest of such a value behind when the hook is rendered
 * again, and the hook would no longer be valid sh.
 */
export function settingLine(name: string): RegExp {
  return new RegExp(`^${name}=('(?:[^']|'\\\\'')*'|.*)$`, 'm');
}

const SEARCH_LINE = settingLine('keyguard_search_from');
const BIN_LINE = settingLine('keyguard_bin');

export function isKeyguardHook(text: string): boolean {
  return text.includes(HOOK_MARK);
}

export function renderHook(template: string, settings: HookSettings): string {
  if (!SEARCH_LINE.test(template) || !BIN_LINE.test(template) || !isKeyguardHook(template)) {
    throw new Error('the hook template hooks/pre-commit is missing its keyguard settings lines');
  }
  return template
    .replace(SEARCH_LINE, () => `keyguard_search_from=${shellQuote(settings.searchFrom)}`)
    .replace(BIN_LINE, () => `keyguard_bin=${settings.bin ? shellQuote(settings.bin) : ''}`);
}

/**
 * Where the hook should start looking for keyguard: the directory above the first node_modules of the
 * running keyguard when that lies inside the work tree (keyguard in packages/app/node_modules gives
 * `packages/app`, hoisted to the root gives `.`), else the directory install was run from. The hook walks
 * up from there, so either way a keyguard in any directory above is found too.
 */
export function chooseSearchFrom(paths: { topLevel: string; keyguardRoot: string; cwd: string }): string {
  const parts = paths.keyguardRoot.split(sep);
  const firstNodeModules = parts.indexOf('node_modules');
  if (firstNodeModules > 0) {
    const owner = inside(paths.topLevel, parts.slice(0, firstNodeModules).join(sep));
    if (owner !== undefined) return owner;
  }
  return inside(paths.topLevel, paths.cwd) ?? '.';
}

/**
 * keyguard's own bin when the running keyguard is a checkout inside this work tree (keyguard's own
 * repository, not an installed package): no node_modules/keyguard exists there to be found.
 */
export function checkoutBin(paths: { topLevel: string; keyguardRoot: string }): string | undefined {
  if (paths.keyguardRoot.split(sep).includes('node_modules')) return undefined;
  return inside(paths.topLevel, paths.keyguardRoot) === undefined
    ? undefined
    : join(paths.keyguardRoot, 'bin', 'keyguard.cjs');
}

function inside(top: string, path: string): string | undefined {
  const rel = relative(top, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

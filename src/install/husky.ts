// husky 9 owns the hooks directory (core.hooksPath = .husky/_, whose files run .husky/<name>), so keyguard
// adds one line to .husky/pre-commit and .husky/pre-merge-commit (and the other hooks asked for) instead
// of writing hook files. Pure text functions.
import { basename, dirname } from 'node:path';
import type { HookName } from './hook-script.js';

/** The husky directory when `hooksDir` is husky's (`.husky/_` in husky 9, `.husky` before), else undefined. */
export function huskyDirOf(hooksDir: string): string | undefined {
  const trimmed = hooksDir.replace(/[\\/]+$/, '');
  if (basename(trimmed) === '_' && basename(dirname(trimmed)) === '.husky') return dirname(trimmed);
  if (basename(trimmed) === '.husky') return trimmed;
  return undefined;
}

/**
 * The line keyguard adds. husky runs .husky/pre-commit from the work tree's top with node_modules/.bin
 * on PATH, so `keyguard` starts directly (no npx); when keyguard lives in a monorepo package, the line
 * names that package's bin.
 */
export function huskyLine(searchFrom: string, hook: HookName = 'pre-commit'): string {
  const command = searchFrom === '.' ? 'keyguard' : `${searchFrom}/node_modules/.bin/keyguard`;
  return `${command} hook ${hook} "$@"`;
}

/** A line keyguard may have added (any search path, any hook), for uninstall. */
const OUR_LINE =
  /^(?:\S*\/node_modules\/\.bin\/)?keyguard hook (?:pre-commit|pre-merge-commit|pre-push|commit-msg) "\$@"$/;

/** What already runs keyguard's check in a hook file, ours or the user's own line. */
const RUNS_KEYGUARD: Record<HookName, RegExp> = {
  'pre-commit': /(^|[\s/;&|(])keyguard(?:\.c?js)?\s+(?:hook\s+pre-commit|scan\s+(?:.*\s)?--staged)\b/m,
  'pre-merge-commit': /(^|[\s/;&|(])keyguard(?:\.c?js)?\s+(?:hook\s+pre-merge-commit|scan\s+(?:.*\s)?--staged)\b/m,
  'pre-push': /(^|[\s/;&|(])keyguard(?:\.c?js)?\s+(?:hook\s+pre-push|scan\s+(?:.*\s)?--pre-push)\b/m,
  'commit-msg': /(^|[\s/;&|(])keyguard(?:\.c?js)?\s+(?:hook\s+commit-msg|scan\s+(?:.*\s)?--commit-msg)\b/m,
};

export function runsKeyguard(text: string, hook: HookName = 'pre-commit'): boolean {
  return RUNS_KEYGUARD[hook].test(text);
}

/** `text` with `line` appended (on a line of its own), or undefined when keyguard already runs there. */
export function addHuskyLine(text: string, line: string, hook: HookName = 'pre-commit'): string | undefined {
  if (runsKeyguard(text, hook)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}${line}${eol}`;
}

/** `text` without the lines keyguard adds, or undefined when there is none. */
export function removeHuskyLine(text: string): string | undefined {
  const lines = text.split(/(?<=\n)/);
  const kept = lines.filter((line) => !OUR_LINE.test(line.replace(/\r?\n$/, '')));
  return kept.length === lines.length ? undefined : kept.join('');
}

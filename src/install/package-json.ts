// `keyguard init`: adds `keyguard install` to package.json's prepare script, keeping what is there and the
// file's own layout (indentation, trailing newline). Pure: text in, text out.
import { jsonErrorReason } from '../config/json-error.js';

export const PREPARE_COMMAND = 'keyguard install';

export type PrepareEdit =
  | { kind: 'changed'; text: string; prepare: string }
  | { kind: 'unchanged'; prepare: string }
  | { kind: 'invalid'; reason: string };

/** A prepare script that runs `keyguard install` (alone or among other commands). */
export const RUNS_INSTALL = /(^|[\s;&|(])keyguard install(\s|$|[;&|)])/;

export function addPrepareScript(text: string): PrepareEdit {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: `it is not valid JSON (${jsonErrorReason(text)})` };
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) return { kind: 'invalid', reason: 'it is not a JSON object' };
  const manifest = pkg as Record<string, unknown>;
  const scripts = manifest.scripts ?? {};
  if (typeof scripts !== 'object' || scripts === null || Array.isArray(scripts)) {
    return { kind: 'invalid', reason: '"scripts" is not an object' };
  }
  const current = (scripts as Record<string, unknown>).prepare;
  if (current !== undefined && typeof current !== 'string') return { kind: 'invalid', reason: '"scripts.prepare" is not a string' };
  if (current !== undefined && RUNS_INSTALL.test(current)) return { kind: 'unchanged', prepare: current };

  const prepare = current === undefined || current.trim() === '' ? PREPARE_COMMAND : `${current} && ${PREPARE_COMMAND}`;
  manifest.scripts = { ...(scripts as Record<string, unknown>), prepare };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = JSON.stringify(manifest, null, detectIndent(text));
  if (eol === '\r\n') out = out.replaceAll('\n', '\r\n');
  const trailing = /\r?\n$/.exec(text)?.[0] ?? '';
  return { kind: 'changed', text: out + trailing, prepare };
}

/** The indentation of the first indented line (tabs or spaces), two spaces when there is none. */
export function detectIndent(text: string): string {
  return /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
}

export type PrepareRemoval = { kind: 'changed'; text: string; prepare: string | undefined } | { kind: 'unchanged' } | { kind: 'invalid' };

/**
 * `keyguard uninstall`: the prepare script without the `keyguard install` that init added (the key is
 * dropped when nothing else is left), so that the next `npm install` does not put the hooks back. A
 * script that runs keyguard install in any other way is left as it is (unchanged).
 */
export function removePrepareScript(text: string): PrepareRemoval {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { kind: 'invalid' };
  }
  const scripts = manifest?.scripts;
  if (typeof scripts !== 'object' || scripts === null || Array.isArray(scripts)) return { kind: 'unchanged' };
  const current = (scripts as Record<string, unknown>).prepare;
  // The commands `&&` joins: init adds `keyguard install` as one of them.
  const parts = typeof current === 'string' ? current.split('&&').map((part) => part.trim()) : [];
  if (!parts.includes(PREPARE_COMMAND)) return { kind: 'unchanged' };
  const rest = parts.filter((part) => part !== PREPARE_COMMAND).join(' && ');
  const { prepare: _dropped, ...others } = scripts as Record<string, unknown>;
  manifest.scripts = rest === '' ? others : { ...(scripts as Record<string, unknown>), prepare: rest };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = JSON.stringify(manifest, null, detectIndent(text));
  if (eol === '\r\n') out = out.replaceAll('\n', '\r\n');
  const trailing = /\r?\n$/.exec(text)?.[0] ?? '';
  return { kind: 'changed', text: out + trailing, prepare: rest === '' ? undefined : rest };
}

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

/** Whether one `&&`-joined command of a prepare script is `keyguard install`, with or without options. */
function isInstallCommand(part: string): boolean {
  return part === PREPARE_COMMAND || part.startsWith(`${PREPARE_COMMAND} `);
}

/**
 * `command` (default `keyguard install`; `keyguard install --hook all` for `init --hook all`) added to the
 * prepare script. A script that already runs keyguard install is left alone, unless `command` asks for
 * other hooks than the keyguard install it has: then that one command is replaced.
 */
export function addPrepareScript(text: string, command: string = PREPARE_COMMAND): PrepareEdit {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: `it is not valid JSON (${jsonErrorReason(text)})` };
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
    return { kind: 'invalid', reason: 'it is not a JSON object' };
  const manifest = pkg as Record<string, unknown>;
  const scripts = manifest.scripts ?? {};
  if (typeof scripts !== 'object' || scripts === null || Array.isArray(scripts)) {
    return { kind: 'invalid', reason: '"scripts" is not an object' };
  }
  const current = (scripts as Record<string, unknown>).prepare;
  if (current !== undefined && typeof current !== 'string')
    return { kind: 'invalid', reason: '"scripts.prepare" is not a string' };
  let prepare: string;
  const parts = current?.split('&&').map((part) => part.trim()) ?? [];
  if (current !== undefined && RUNS_INSTALL.test(current)) {
    const existing = parts.find(isInstallCommand);
    if (command === PREPARE_COMMAND || existing === undefined || existing === command)
      return { kind: 'unchanged', prepare: current };
    prepare = parts.map((part) => (part === existing ? command : part)).join(' && ');
  } else {
    prepare = current === undefined || current.trim() === '' ? command : `${current} && ${command}`;
  }
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

export type PrepareRemoval =
  | { kind: 'changed'; text: string; prepare: string | undefined }
  | { kind: 'unchanged' }
  | { kind: 'invalid' };

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
  if (!parts.some(isInstallCommand)) return { kind: 'unchanged' };
  const rest = parts.filter((part) => !isInstallCommand(part)).join(' && ');
  const { prepare: _dropped, ...others } = scripts as Record<string, unknown>;
  manifest.scripts = rest === '' ? others : { ...(scripts as Record<string, unknown>), prepare: rest };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out = JSON.stringify(manifest, null, detectIndent(text));
  if (eol === '\r\n') out = out.replaceAll('\n', '\r\n');
  const trailing = /\r?\n$/.exec(text)?.[0] ?? '';
  return { kind: 'changed', text: out + trailing, prepare: rest === '' ? undefined : rest };
}

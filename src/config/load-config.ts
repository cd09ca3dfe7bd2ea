// Finds and reads the configuration and the baseline. The reader is passed in: a staged scan reads
// them from the index (so a commit cannot weaken the rules it is checked with without that change
// being visible in the commit itself), other scans from disk.
import { Baseline, parseBaseline } from './baseline.js';
import { ConfigError, defaultConfig, parseConfig, type Config } from './config.js';
import { jsonErrorReason } from './json-error.js';
import { readRepositoryFile } from './read-file.js';

/** Returns a repository-relative file's text, or undefined when it does not exist. */
export type FileReader = (path: string) => Promise<string | undefined>;

export const CONFIG_FILE = '.keyguard.json';

export function diskReader(root: string): FileReader {
  return async (path) => {
    const file = await readRepositoryFile(root, path);
    if (file.kind === 'file') return file.text;
    if (file.kind === 'missing') return undefined;
    throw new ConfigError(file.code !== undefined ? `cannot read ${path}: ${file.code}` : `${path} ${file.reason}`);
  };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON.parse's message, nor the error as a cause: V8 quotes the text around the error.
    throw new ConfigError(`${source}: not valid JSON (${jsonErrorReason(text)})`);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `.keyguard.json` may have comments and trailing commas (JSON with comments, as tsconfig.json). Plain
 * JSON goes through JSON.parse; only a file it rejects loads the JSONC parser.
 */
async function parseJsonc(text: string, source: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON.parse's message, nor the error as a cause: V8 quotes the text around the error.
  }
  const parsed = (await import('./jsonc.js')).parseJsonc(text);
  if (!parsed.ok) throw new ConfigError(`${source}: not valid JSON (${parsed.reason})`);
  return parsed.value;
}

export async function loadConfig(read: FileReader): Promise<Config> {
  const [own, pkgText] = await Promise.all([read(CONFIG_FILE), read('package.json')]);
  let fromPackage: unknown;
  // A package.json that is not valid JSON (mid-edit, say) is none of keyguard's business, unless it
  // looks like it configures keyguard: then the configuration cannot be read, which is an error.
  if (pkgText !== undefined && (isJson(pkgText) || /"keyguard"\s*:/.test(pkgText))) {
    const pkg = parseJson(pkgText, 'package.json');
    if (pkg && typeof pkg === 'object' && 'keyguard' in pkg) fromPackage = (pkg as { keyguard: unknown }).keyguard;
  }
  if (own !== undefined && fromPackage !== undefined) {
    throw new ConfigError(`both ${CONFIG_FILE} and the "keyguard" key of package.json configure keyguard: keep one`);
  }
  if (own !== undefined) return parseConfig(await parseJsonc(own, CONFIG_FILE), CONFIG_FILE);
  if (fromPackage !== undefined) return parseConfig(fromPackage, 'package.json "keyguard"');
  return defaultConfig();
}

export async function loadBaseline(read: FileReader, config: Config): Promise<Baseline | undefined> {
  const text = await read(config.baseline);
  return text === undefined ? undefined : new Baseline(parseBaseline(text, config.baseline));
}

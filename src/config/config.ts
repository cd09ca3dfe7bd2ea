// The configuration: `.keyguard.json` at the repository root, or the `keyguard` key of the root
// package.json (docs/suppression.md). Parsing and validation are pure; loading lives in load-config.ts.
import { RULE_IDS } from '../detect/catalog.js';
import type { RuleId } from '../detect/types.js';
import { KeyguardError } from '../errors.js';

/** The rule ids a configuration may name: those of the rule catalog. */
export { RULE_IDS };

/** What a rule does with its findings: block the commit (default), only warn, or nothing. */
export type RuleAction = 'block' | 'warn' | 'off';

/** An `allow` pattern: `test` says whether it matches anywhere in a value, as RegExp.prototype.test. */
export interface AllowPattern {
  /** The pattern as written in the configuration. */
  readonly source: string;
  test(value: string): boolean;
}

export interface Config {
  /** Patterns matched against the secret value (RE2 syntax): a match means "not a credential". */
  allow: AllowPattern[];
  /** gitignore-style globs of paths never scanned. */
  ignorePaths: string[];
  rules: Partial<Record<RuleId, RuleAction>>;
  /** Baseline file, relative to the repository root. */
  baseline: string;
  /** Where the configuration came from, for messages ('defaults' when there is none). */
  source: string;
}

export const DEFAULT_BASELINE = '.keyguard-baseline.json';

export function defaultConfig(): Config {
  return { allow: [], ignorePaths: [], rules: {}, baseline: DEFAULT_BASELINE, source: 'defaults' };
}

/** A configuration mistake: the message names the file, the key and what was expected. */
export class ConfigError extends KeyguardError {}

/** The keys a configuration may have (`$schema` names its JSON Schema, for editors; keyguard ignores it). */
export const KEYS = ['allow', 'ignorePaths', 'rules', 'baseline', '$schema'] as const;
export const ACTIONS: readonly RuleAction[] = ['block', 'warn', 'off'];

/**
 * Validates a parsed configuration object and compiles its allow patterns; throws ConfigError naming the
 * key and what was expected. Asynchronous because the pattern engine is loaded only when there are
 * patterns to compile.
 */
export async function parseConfig(value: unknown, source: string): Promise<Config> {
  const fail = (key: string, expected: string): never => {
    throw new ConfigError(`${source}: "${key}" must be ${expected}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('keyguard', 'an object');
  const raw = value as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(
        `${source}: unknown key "${key}" (expected one of ${KEYS.filter((k) => k !== '$schema').join(', ')})`,
      );
    }
  }
  const config = defaultConfig();
  config.source = source;

  if (raw.allow !== undefined) {
    if (!Array.isArray(raw.allow) || !raw.allow.every((p) => typeof p === 'string'))
      fail('allow', 'an array of regular expressions (strings)');
    const patterns = raw.allow as string[];
    if (patterns.length > 0) {
      const { compileAllowPattern } = await import('./allow-pattern.js');
      config.allow = patterns.map((pattern, i) => {
        const compiled = compileAllowPattern(pattern);
        return compiled.ok ? compiled.pattern : fail(`allow[${i}]`, compiled.expected);
      });
    }
  }
  if (raw.ignorePaths !== undefined) {
    if (!Array.isArray(raw.ignorePaths) || !raw.ignorePaths.every((p) => typeof p === 'string' && p.trim() !== '')) {
      fail('ignorePaths', 'an array of non-empty glob strings');
    }
    config.ignorePaths = raw.ignorePaths as string[];
  }
  if (raw.rules !== undefined) {
    if (typeof raw.rules !== 'object' || raw.rules === null || Array.isArray(raw.rules))
      fail('rules', `an object of rule id to ${ACTIONS.join(' | ')}`);
    for (const [rule, action] of Object.entries(raw.rules as Record<string, unknown>)) {
      if (!(RULE_IDS as readonly string[]).includes(rule))
        fail(`rules.${rule}`, `a known rule id (${RULE_IDS.join(', ')})`);
      if (!(ACTIONS as readonly unknown[]).includes(action))
        fail(`rules.${rule}`, `one of ${ACTIONS.map((a) => `"${a}"`).join(', ')}`);
      config.rules[rule as RuleId] = action as RuleAction;
    }
  }
  if (raw.baseline !== undefined) {
    if (typeof raw.baseline !== 'string' || raw.baseline.trim() === '') fail('baseline', 'a file path (string)');
    config.baseline =
      repositoryPath(raw.baseline as string) ?? fail('baseline', 'a path inside the repository, relative to its root');
  }
  return config;
}

/**
 * A repository-relative path in the one spelling git, the index reader and .gitattributes all use:
 * `/` separators, no `./` or empty segments. `./security/baseline.json` must become
 * `security/baseline.json`, or the `merge=union` line written for it would not match (gitattributes
 * patterns do not resolve `.`). Undefined for a path outside the repository (absolute, or with `..`).
 */
function repositoryPath(path: string): string | undefined {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.');
  if (/^([a-zA-Z]:)?[\\/]/.test(path) || parts.includes('..') || parts.length === 0) return undefined;
  return parts.join('/');
}

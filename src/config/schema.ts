// The JSON Schema of `.keyguard.json` (schema/keyguard.schema.json, written by `npm run build`), made
// from what parseConfig checks: its keys, the rule ids of the catalog, the rule actions. Editors use
// it to complete and check the file; parseConfig stays the judge (a test runs both on the same files).
import { CATALOG } from '../detect/catalog.js';
import { ACTIONS, KEYS } from './config.js';

/** Where the schema is, relative to the package root (package.json "files" ships it). */
export const SCHEMA_FILE = 'schema/keyguard.schema.json';

// A baseline path inside the repository, as repositoryPath (config.ts) accepts it: not absolute (no
// leading separator, with or without a drive letter), no `..` segment, not blank, and at least one
// segment that is neither empty nor `.`.
const BASELINE_PATH = String.raw`^(?!([a-zA-Z]:)?[\\/])(?![\s\S]*(^|[\\/])\.\.([\\/]|$))(?=[\s\S]*\S)(?=([\s\S]*[\\/])?(?!\.([\\/]|$))[^\\/])`;

const DESCRIPTIONS: Readonly<Record<(typeof KEYS)[number], string>> = {
  allow:
    'Regular expressions (RE2 syntax: no backreferences or lookaround) matched against each value found; a match means "not a credential". Anchor them: "FIXTURE$".',
  ignorePaths: 'gitignore-style globs of paths never scanned, relative to the repository root.',
  rules: 'What each rule does with its findings: "block" the commit (the default), only "warn", or nothing ("off").',
  baseline:
    'The baseline file written by `keyguard baseline`, relative to the repository root (default: .keyguard-baseline.json).',
  $schema:
    'This schema, for editors: "./node_modules/keyguard/schema/keyguard.schema.json". keyguard itself ignores it.',
};

export function configSchema(): Record<string, unknown> {
  const properties: Record<(typeof KEYS)[number], Record<string, unknown>> = {
    $schema: { type: 'string' },
    allow: { type: 'array', items: { type: 'string' } },
    ignorePaths: { type: 'array', items: { type: 'string', pattern: String.raw`\S` } },
    rules: {
      type: 'object',
      properties: Object.fromEntries(CATALOG.map((rule) => [rule.id, { description: rule.title, enum: [...ACTIONS] }])),
      additionalProperties: false,
    },
    baseline: { type: 'string', pattern: BASELINE_PATH },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'keyguard configuration (.keyguard.json)',
    description:
      'Configures keyguard, which blocks commits that add AWS credentials. JSON with comments and trailing commas, as tsconfig.json. Or the "keyguard" key of package.json (plain JSON there).',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(KEYS.map((key) => [key, { description: DESCRIPTIONS[key], ...properties[key] }])),
  };
}

/** The schema file's text: what `npm run build` writes and the test compares. */
export function configSchemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}

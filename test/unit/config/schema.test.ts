// The JSON Schema of .keyguard.json (schema/keyguard.schema.json) and keyguard's own check of the file
// (loadConfig: the JSONC parser, then parseConfig) judge the same files the same way, and the README's
// configuration example passes both, as it is printed there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/detect/catalog.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { configSchema, configSchemaText, SCHEMA_FILE } from '../../../src/config/schema.js';
import { parseJsonc } from '../../../src/config/jsonc.js';
import { PROJECT_ROOT } from '../../support/git-repo.js';

const shipped = readFileSync(join(PROJECT_ROOT, SCHEMA_FILE), 'utf8');
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(shipped) as object);

/** What keyguard says of `.keyguard.json` holding `text`: accepted, or its one-line error. */
async function loader(text: string): Promise<true | string> {
  try {
    await loadConfig(async (path) => (path === '.keyguard.json' ? text : undefined));
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the schema says of the same text (parsed as an editor does: JSON with comments). */
function schema(text: string): boolean {
  const parsed = parseJsonc(text);
  if (!parsed.ok) throw new Error(`not JSONC: ${parsed.reason}`);
  return validate(parsed.value) === true;
}

/** The README's configuration example: the jsonc block that starts with `// .keyguard.json`. */
function readmeConfigExample(): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = /```jsonc\n(\/\/ \.keyguard\.json[\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no jsonc block starting with // .keyguard.json');
  return block;
}

describe('schema/keyguard.schema.json', () => {
  it('is the schema made from what parseConfig checks (npm run build writes it)', () => {
    expect(shipped).toBe(configSchemaText());
  });

  it('names every rule of the catalog, with the actions parseConfig knows', () => {
    const rules = (configSchema().properties as Record<string, { properties: Record<string, { enum: string[] }> }>)
      .rules!;
    expect(Object.keys(rules.properties)).toEqual(CATALOG.map((rule) => rule.id));
    for (const rule of Object.values(rules.properties)) expect(rule.enum).toEqual(['block', 'warn', 'off']);
  });

  it("the README's example, as printed (comments, trailing commas, $schema), passes both", async () => {
    const example = readmeConfigExample();
    expect(example).toContain('//');
    expect(await loader(example)).toBe(true);
    expect(schema(example)).toBe(true);
    // The $schema it names is the file the package ships, relative to the repository's top.
    const named = (parseJsonc(example) as { ok: true; value: { $schema: string } }).value.$schema;
    expect(named).toBe(`./node_modules/keyguard/${SCHEMA_FILE}`);
  });

  const CONFIGS: Array<[string, string]> = [
    ['empty', '{}'],
    [
      'all keys',
      '{ "$schema": "x", "allow": ["A$"], "ignorePaths": ["a/", "*.x"], "rules": { "aws-session-token": "off" }, "baseline": "kg/base.json" }',
    ],
    ['comments and a trailing comma', '// top\n{ /* a */ "allow": ["A$",], }'],
    [
      'every rule and action',
      `{ "rules": { ${CATALOG.map((r, i) => `"${r.id}": "${['block', 'warn', 'off'][i % 3]}"`).join(', ')} } }`,
    ],
    ['baseline with ./ and a Windows separator', '{ "baseline": "./security\\\\base.json" }'],
    ['baseline named ...', '{ "baseline": "..." }'],
    ['baseline with a drive letter but no separator', '{ "baseline": "C:base.json" }'],
    ['not an object', '[]'],
    ['a string', '"x"'],
    ['unknown key', '{ "alow": [] }'],
    ['__proto__ key', '{ "__proto__": { "allow": [] } }'],
    ['allow not an array', '{ "allow": "x" }'],
    ['allow with a number', '{ "allow": [1] }'],
    ['ignorePaths blank', '{ "ignorePaths": ["  "] }'],
    ['ignorePaths empty string', '{ "ignorePaths": [""] }'],
    ['ignorePaths a number', '{ "ignorePaths": [3] }'],
    ['rules an array', '{ "rules": [] }'],
    ['unknown rule', '{ "rules": { "aws-nope": "off" } }'],
    ['unknown action', '{ "rules": { "aws-access-key-id": "ignore" } }'],
    ['baseline a number', '{ "baseline": 3 }'],
    ['baseline blank', '{ "baseline": "  " }'],
    ['baseline absolute', '{ "baseline": "/etc/base.json" }'],
    ['baseline absolute on Windows', '{ "baseline": "C:\\\\base.json" }'],
    ['baseline with ..', '{ "baseline": "a/../../base.json" }'],
    ['baseline ..', '{ "baseline": ".." }'],
    ['baseline only ./', '{ "baseline": "./" }'],
    ['baseline only dots and separators', '{ "baseline": "./././" }'],
  ];

  it.each(CONFIGS)('%s: the schema and keyguard agree', async (_, text) => {
    const verdict = await loader(text);
    expect({ text, accepted: schema(text) }).toEqual({ text, accepted: verdict === true });
  });

  it('what only keyguard checks: an allow pattern that is not valid RE2 (the schema cannot say)', async () => {
    for (const text of ['{ "allow": ["("] }', '{ "allow": ["(a)\\\\1"] }']) {
      expect(schema(text)).toBe(true);
      expect(await loader(text)).toMatch(/^\.keyguard\.json: "allow\[0\]" must be a/);
    }
  });
});

describe('.keyguard.json syntax errors', () => {
  it.each([
    ['{ "allow": [ "A", }', 'expected a value at line 1, column 19'],
    ['{\n  // a comment\n  "allow": ["A"]\n  "rules": {}\n}', "expected ',' at line 4, column 3"],
    ['{\n  "allow": ["A"] /* never closed\n}', 'unterminated comment at line 2, column 18'],
    ['{ "allow": ["A"], } }', 'unexpected text after the end of the JSON value at line 1, column 21'],
    ['', 'expected a value at line 1, column 1'],
    [`${'['.repeat(50_000)} // deep`, 'nested too deeply'],
  ])('%j: one line with the line and column', async (text, reason) => {
    expect(await loader(text)).toBe(`.keyguard.json: not valid JSON (${reason})`);
  });

  it('never quotes the file: a key in it stays out of the message', async () => {
    // Built at run time: a bare word where a value should be, as a pasted key would be.
    const word = ['K', 'X'.repeat(39)].join('');
    const message = await loader(`// config\n{ "allow": [ "A", ${word} ] }`);
    expect(message).toBe('.keyguard.json: not valid JSON (expected a value at line 2, column 19)');
    expect(message).not.toContain('XXXX');
  });

  it('keeps a __proto__ key as a key (rejected as unknown), never as the prototype', async () => {
    const parsed = parseJsonc('// c\n{ "__proto__": { "allow": ["A"] } }');
    expect(parsed.ok && Object.keys(parsed.value as object)).toEqual(['__proto__']);
    expect(parsed.ok && Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(await loader('// c\n{ "__proto__": { "allow": ["A"] } }')).toMatch(/unknown key "__proto__"/);
  });
});

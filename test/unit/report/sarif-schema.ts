// A validator for the published SARIF 2.1.0 schema (test/fixtures/sarif-schema-2.1.0.md says where it
// comes from). The schema declares draft-04 (`id`); ajv's default class speaks draft-07, and the schema
// uses no keyword whose meaning differs between the two, so `id` becomes `$id` and `$schema` is dropped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { PROJECT_ROOT } from '../../support/git-repo.js';

export const SCHEMA_PATH = join(PROJECT_ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json');

function parses(base?: string) {
  return (value: string) => {
    if (/\s/.test(value)) return false;
    try {
      new URL(value, base);
      return true;
    } catch {
      return false;
    }
  };
}

export function sarifValidator(): (log: unknown) => ErrorObject[] {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', parses());
  ajv.addFormat('uri-reference', parses('file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  const validate = ajv.compile({ ...rest, $id: id as string });
  return (log) => (validate(log) ? [] : [...(validate.errors ?? [])]);
}

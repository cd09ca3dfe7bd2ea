import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorReason } from '../../../src/config/json-error.js';
import { addPrepareScript } from '../../../src/install/package-json.js';
import { fakePair, seededRandom } from '../../support/fake-credentials.js';

const rng = seededRandom(0x15e7);

function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('valid JSON');
}

function expectNoRunOf(text: string, value: string): void {
  for (let i = 0; i + 8 <= value.length; i++)
    expect(text, 'the reason quotes the file').not.toContain(value.slice(i, i + 8));
}

describe('jsonErrorReason', () => {
  it.each([
    ['{"a": 1,}', 'expected a property name in double quotes at line 1, column 9'],
    ['{"allow": [ }\n', 'expected a value at line 1, column 13'],
    ['[1, 2,]', 'expected a value at line 1, column 7'],
    ['[1 2]', "expected ',' or ']' at line 1, column 4"],
    ['{\n  "a": 1\n  "b": 2\n}', "expected ',' or '}' at line 3, column 3"],
    ['{"a" 1}', "expected ':' after a property name at line 1, column 6"],
    ["{'a': 1}", 'expected a property name in double quotes at line 1, column 2'],
    ['{"a": "b', 'unterminated or invalid string at line 1, column 7'],
    ['["\\x"]', 'unterminated or invalid string at line 1, column 2'],
    ['["a\tb"]', 'unterminated or invalid string at line 1, column 2'],
    ['{}x', 'unexpected text after the end of the JSON value at line 1, column 3'],
    ['', 'unexpected end of the file at line 1, column 1'],
    ['{"a": [1, {"b": 2}', 'unexpected end of the file at line 1, column 19'],
    ['\uFEFF{}', 'expected a value at line 1, column 1'],
    ['{"a": 01}', "expected ',' or '}' at line 1, column 8"],
    ['{"a": tru}', 'expected a value at line 1, column 7'],
  ])('%j: %s', (text, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorReason(text)).toBe(reason);
  });

  it('finds an error exactly where JSON.parse does not parse (any JSON value, any short string)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(jsonErrorReason(text)).toBe('it cannot be parsed');
      }),
      { seed: 3102 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'{}[],:"\\ \n0123-.eE+tfnulrsa/'.split('')), maxLength: 12 }),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(jsonErrorReason(text) === 'it cannot be parsed').toBe(valid);
        },
      ),
      { seed: 3101, numRuns: 5_000 },
    );
  });

  it.each([
    ['short, on one line', (secret: string) => `{"key": ${secret}}`],
    [
      'long, error near the end',
      (secret: string) =>
        `${JSON.stringify({ name: 'app', pad: 'x'.repeat(400) }).slice(0, -1)}, "key": "${secret}" x}`,
    ],
    ['long, error near the start', (secret: string) => `{x "key": "${secret}", "pad": "${'y'.repeat(400)}"}`],
    [
      'multi-line, error in the middle',
      (secret: string) => `{\n  "a": 1,\n  "key": "${secret}"\n  "b": 2,\n${'  "pad": 3,\n'.repeat(40)}}`,
    ],
    [
      'multi-line, secret right before the error',
      (secret: string) => `{\n  "name": "app",\n  "pad": "${'z'.repeat(300)}",\n  "key": "${secret}" }}\n`,
    ],
    ['the whole file is the secret', (secret: string) => secret],
    [
      'a value without quotes, in a long multi-line file',
      (secret: string) => `{\n  "pad": "${'z'.repeat(300)}",\n  "key": ${secret}\n}\n`,
    ],
  ])('quotes nothing of the text (%s)', (_what, build) => {
    const { id, secret } = fakePair(rng);
    for (const value of [id, secret]) {
      const text = build(value);
      const reason = jsonErrorReason(text);
      expect(reason).toMatch(/^[A-Za-z',:}\]) ]+ at line \d+, column \d+$/);
      expectNoRunOf(reason, value);
      const edit = addPrepareScript(text);
      expect(edit).toEqual({ kind: 'invalid', reason: `it is not valid JSON (${reason})` });
    }
  });

  it('V8 quotes the text around the error, which is why its message is not used', () => {
    const value = `K${fakePair(rng).secret}`;
    const message = parseError(`{\n  "pad": "${'z'.repeat(300)}",\n  "key": ${value}\n}\n`);
    expect(message).toContain(value.slice(0, 10));
    expect(message).toMatch(/\.\.\. is not valid JSON$/);
  });
});

// The JSON and SARIF reports are written a few findings at a time (src/report/json-text.ts): the text
// must be exactly what stringifying the whole document at once gives, at any depth and batch boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELEMENTS, indentedJson } from '../../../src/report/json-text.js';

/** The document with the array in place of the placeholder, the way the reports used to be made. */
function whole(document: unknown, elements: unknown[]): string {
  const replace = (value: unknown): unknown => {
    if (value === ELEMENTS) return elements;
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return `${JSON.stringify(replace(document), null, 2)}\n`;
}

const json = fc.jsonValue({ maxDepth: 3 });
/**
 * A document holding the placeholder somewhere after its first keys (0 to 4 levels deep). The keys after
 * it start with `b`, so that none of them replaces the placeholder's key.
 */
const documents = fc
  .tuple(
    fc.dictionary(
      fc.string().map((key) => `b${key}`),
      json,
      { maxKeys: 3 },
    ),
    fc.integer({ min: 0, max: 4 }),
    fc.string(),
  )
  .map(([before, depth, key]) => {
    let inner: unknown = ELEMENTS;
    for (let i = 0; i < depth; i++) inner = i % 2 === 0 ? { [`k${i}`]: inner, after: i } : [inner, i];
    return { version: 1, [`x${key}`]: inner, ...before };
  });

describe('indentedJson', () => {
  it('gives the text of JSON.stringify(document, null, 2) with the elements in place', () => {
    fc.assert(
      fc.property(documents, fc.array(json, { maxLength: 80 }), (document, elements) => {
        const pieces = [...indentedJson(document, elements.length, (i) => elements[i])];
        expect(pieces.join('')).toBe(whole(document, elements));
      }),
      { seed: 2612, numRuns: 300 },
    );
  });

  it('makes each element only when its batch is stringified, in order', () => {
    const made: number[] = [];
    const pieces = indentedJson({ findings: ELEMENTS }, 100, (i) => {
      made.push(i);
      return { i, masked: 'AKIA\u2026ABCD' };
    });
    const first = pieces.next();
    expect(first.done).toBe(false);
    expect(made).toEqual([]);
    pieces.next();
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBeLessThan(100);
    const rest = [...pieces];
    expect(made).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(rest.length).toBeGreaterThan(1);
  });

  it('throws when the document has no place for the elements', () => {
    expect(() => [...indentedJson({ findings: [] }, 1, () => 1)]).toThrow(/no place/);
  });
});

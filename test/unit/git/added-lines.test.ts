// Added lines are computed on bytes; these tests feed plain strings and compare with the definition.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addedLines, countLines, LineRanges } from '../../../src/git/added-lines.js';

const b = (text: string) => Buffer.from(text, 'utf8');
const added = (before: string | undefined, after: string) => [
  ...addedLines(before === undefined ? undefined : b(before), b(after)),
];

describe('addedLines', () => {
  it('is every line of a new file', () => {
    expect(added(undefined, 'a\nb\nc\n')).toEqual([1, 2, 3]);
    expect(added('', 'a\nb')).toEqual([1, 2]);
    expect(added(undefined, '')).toEqual([]);
  });

  it('is the lines that are not in the old blob', () => {
    expect(added('a\nb\nc\n', 'a\nb\nx\nc\n')).toEqual([3]);
    expect(added('a\nb\nc\n', 'x\na\nb\nc\ny\n')).toEqual([1, 5]);
    expect(added('a\nb\nc\n', 'c\nb\na\n')).toEqual([]);
    expect(added('a\nb\nc\n', 'a\nc\n')).toEqual([]);
    expect(added('a\nb\n', '')).toEqual([]);
  });

  it('appended lines and removed lines take the short paths', () => {
    expect(added('a\nb\n', 'a\nb\nc\nd\n')).toEqual([3, 4]);
    expect(added('a\nb\n', 'x\na\nb\n')).toEqual([1]);
    expect(added('a\nb\nc\n', 'a\nc\n')).toEqual([]);
    expect(added('a\nb\nc\n', 'a\nb\n')).toEqual([]);
  });

  it('counts lines as a multiset: a second copy of an old line is added', () => {
    expect(added('k\n', 'k\nk\n')).toHaveLength(1);
    expect(added('k\nk\n', 'k\nk\n')).toEqual([]);
    expect(added('a\nk\nb\n', 'a\nk\nk\nb\n')).toEqual([3]);
  });

  it('ignores line endings: CRLF and LF versions of a line are the same line', () => {
    expect(added('a\r\nb\r\n', 'a\nb\nc\n')).toEqual([3]);
    expect(added('a\nb\n', 'a\r\nb\r\nc\r\n')).toEqual([3]);
  });

  it('treats a final line without a newline like the same line with one', () => {
    expect(added('a\nb', 'a\nb\n')).toEqual([]);
    expect(added('a\nb\n', 'a\nb')).toEqual([]);
    expect(added('a\nb', 'a\nbb')).toEqual([2]);
    expect(added('a', 'a\nb')).toEqual([2]);
  });

  it('handles long lines (hashed) exactly', () => {
    const long = 'x'.repeat(5000);
    expect(added(`${long}\n`, `${long}\n${long}y\n`)).toEqual([2]);
    expect(added(`${long}\r\n`, `${long}\n`)).toEqual([]);
    expect(added(`${long}a`, `${long}b`)).toEqual([1]);
  });

  it('is {1} for a changed single-line file of many megabytes, quickly', () => {
    const size = 20 * 1024 * 1024;
    const before = Buffer.alloc(size, 'a');
    const after = Buffer.alloc(size, 'a');
    after[size >> 1] = 'b'.charCodeAt(0);
    expect([...addedLines(before, after)]).toEqual([1]);
  });

  it('is linear: 200,000 lines with edits in the middle', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `line ${i % 1000} ${i}`);
    const edited = [...lines];
    edited.splice(100_000, 0, 'new one', 'new two');
    edited[150_000] = 'changed';
    const result = added(`${lines.join('\n')}\n`, `${edited.join('\n')}\n`);
    expect(result).toEqual([100_001, 100_002, 150_001]);
  });

  it('matches the multiset definition on random inputs', () => {
    const line = fc.constantFrom('a', 'b', 'c', 'a\r', '', 'key = v', 'x'.repeat(600), 'y'.repeat(600));
    const doc = fc
      .tuple(fc.array(line, { maxLength: 12 }), fc.boolean())
      .map(([ls, endsWithNewline]) => (ls.length === 0 ? '' : ls.join('\n') + (endsWithNewline ? '\n' : '')));
    fc.assert(
      fc.property(doc, doc, (before, after) => {
        const norm = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);
        const split = (s: string) => (s === '' ? [] : (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n').map(norm));
        const oldLines = split(before);
        const newLines = split(after);
        const result = added(before, after);
        // Exactly max(0, new count - old count) occurrences of each distinct line are added.
        const count = (ls: string[], l: string) => ls.filter((x) => x === l).length;
        for (const l of new Set(newLines)) {
          const addedOfLine = result.filter((n) => newLines[n - 1] === l).length;
          expect(addedOfLine).toBe(Math.max(0, count(newLines, l) - count(oldLines, l)));
        }
        expect(result.every((n) => n >= 1 && n <= newLines.length)).toBe(true);
        expect([...result].sort((x, y) => x - y)).toEqual(result);
      }),
      { seed: 3301, numRuns: 500 },
    );
  });
});

describe('LineRanges', () => {
  it('answers has() and size from ranges', () => {
    const r = LineRanges.builder();
    for (const n of [2, 3, 4, 9, 11, 12]) r.add(n);
    const set = r.build();
    expect(set.size).toBe(6);
    expect([1, 2, 4, 5, 9, 10, 12, 13].map((n) => set.has(n))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    expect(LineRanges.all(3).has(3)).toBe(true);
    expect(LineRanges.all(3).has(4)).toBe(false);
    expect(LineRanges.all(0).size).toBe(0);
  });

  it('countLines counts a final line without a newline', () => {
    expect([
      countLines(b('')),
      countLines(b('a')),
      countLines(b('a\n')),
      countLines(b('a\nb')),
      countLines(b('\n\n')),
    ]).toEqual([0, 1, 1, 2, 2]);
  });
});

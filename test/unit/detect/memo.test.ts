// The detector's bounded memo: a value read in place (`getAt`, no slice) must be the value stored for
// the same characters, never one stored for other characters that share its slot or its hash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotMemo } from '../../../src/detect/memo.js';

describe('SlotMemo', () => {
  it('getAt(text, start, end) answers what get(text.slice(start, end)) answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('A', 'B', '7', 'a', '\u00e9'), maxLength: 20 }), { maxLength: 60 }),
        fc.string({ unit: fc.constantFrom('A', 'B', '7', 'a', '\u00e9', ' '), maxLength: 80 }),
        (stored, text) => {
          // Four slots: most keys share a slot with another, so a replaced or mismatched slot is asked often.
          const memo = new SlotMemo<number>(4);
          for (const [i, key] of stored.entries()) memo.set(key, i);
          for (let start = 0; start <= text.length; start++)
            for (let end = start; end <= Math.min(text.length, start + 20); end++)
              expect(memo.getAt(text, start, end)).toBe(memo.get(text.slice(start, end)));
        },
      ),
      { seed: 3401, numRuns: 200 },
    );
  });

  it('finds a key read in place, and not a longer or shorter neighbour', () => {
    const memo = new SlotMemo<string>();
    memo.set('ABCDEFGHIJKLMNOP', 'stored');
    const text = 'xxABCDEFGHIJKLMNOPyy';
    expect(memo.getAt(text, 2, 18)).toBe('stored');
    expect(memo.getAt(text, 2, 17)).toBeUndefined();
    expect(memo.getAt(text, 2, 19)).toBeUndefined();
    expect(memo.getAt(text, 1, 17)).toBeUndefined();
  });

  it('tells apart keys of the same hash (long keys differing where the hash does not read)', () => {
    // Keys longer than 16 are hashed on 16 characters spread over them: these two hash alike.
    const memo = new SlotMemo<string>();
    const stored = `X${'A'.repeat(33)}`;
    memo.set(stored, 'stored');
    for (let at = 0; at < stored.length; at++) {
      const other = `${stored.slice(0, at)}B${stored.slice(at + 1)}`;
      expect(memo.getAt(`..${other}..`, 2, 2 + other.length), `differs at ${at}`).toBeUndefined();
    }
    expect(memo.getAt(`..${stored}..`, 2, 2 + stored.length)).toBe('stored');
  });

  it('setLast stores under the key getAt was last asked for, found again by get and getAt', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 30 }), (keys) => {
        const memo = new SlotMemo<number>(8);
        const text = keys.join('|');
        let at = 0;
        keys.forEach((key, i) => {
          if (memo.getAt(text, at, at + key.length) === undefined) memo.setLast(text.slice(at, at + key.length), i);
          at += key.length + 1;
        });
        // The last key is in its slot, stored by this loop (with its own index or an equal key's).
        const last = keys[keys.length - 1] as string;
        const stored = memo.get(last);
        expect(stored === undefined ? undefined : keys[stored]).toBe(last);
        expect(memo.getAt(text, text.length - last.length, text.length)).toBe(stored);
      }),
      { seed: 3402, numRuns: 300 },
    );
  });

  it('answers undefined before anything is stored', () => {
    expect(new SlotMemo<number>().getAt('ABCDEFGHIJKLMNOP', 0, 16)).toBeUndefined();
  });
});

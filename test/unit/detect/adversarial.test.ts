// The adversarial families of `npm run bench` (bench/lib/adversarial.mjs: long runs of an alphabet, near
// misses every few bytes, nested encodings, structures read from far away), each at 1 MB (a quarter for those made of findings): the detector
// must return exactly the findings the family was built with (its planted key pair, or the credentials
// it is made of). The benchmark times them at 10 MB; nothing here is timed.
import { describe, expect, it } from 'vitest';
import { FAMILIES, checkedGenerator } from '../../../bench/lib/adversarial.mjs';
import { detect } from '../../../src/detect/index.js';

const MB = 1 << 20;
/** The families made of findings check every line on its own while built: a quarter of the size. */
const sizeOf = (family: { findingBound?: boolean }): number => (family.findingBound ? MB / 4 : MB);

describe('adversarial inputs give exactly their findings', () => {
  it.each(FAMILIES.map((family) => [family.name, family] as const))('%s', (_name, family) => {
    const { text, expected } = family.make(sizeOf(family), checkedGenerator(detect, 7));
    expect(text.length).toBeGreaterThanOrEqual(sizeOf(family));
    const found = detect(text, family.path === undefined ? {} : { path: family.path });
    expect(found.map((f) => `${f.rule}@${f.line}`).sort()).toEqual([...expected].sort());
    // The planted pair is reported with both its lines inside the text.
    const lines = text.split('\n');
    for (const f of found) {
      expect(lines[f.line - 1]!.length).toBeGreaterThanOrEqual(f.endColumn - 1);
      if (f.secretLine !== undefined)
        expect(lines[f.secretLine - 1]!.length).toBeGreaterThanOrEqual(f.secretEndColumn! - 1);
    }
  });
});

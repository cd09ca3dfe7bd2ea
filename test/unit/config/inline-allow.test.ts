import { describe, expect, it } from 'vitest';
import { inlineAllow } from '../../../src/config/inline-allow.js';

describe('inlineAllow', () => {
  it.each([
    ['key = "value" # keyguard:allow', ''],
    ['const k = "value"; // keyguard:allow test fixture', 'test fixture'],
    ['k = v /* keyguard:allow docs example */', 'docs example'],
    ['<key>v</key> <!-- keyguard:allow sample -->', 'sample'],
    ['SELECT 1 -- keyguard:allow', ''],
    ['key=v ; keyguard:allow', ''],
    ['% keyguard:allow', ''],
    ['REM keyguard:allow batch file', 'batch file'],
  ])('%s is allowed with reason %j', (line, reason) => {
    expect(inlineAllow(line, undefined)).toEqual({ reason });
  });

  it('allow-next-line applies to the next line only', () => {
    expect(inlineAllow('key = v', '# keyguard:allow-next-line fixture')).toEqual({ reason: 'fixture' });
    expect(inlineAllow('# keyguard:allow-next-line', undefined)).toBeUndefined();
  });

  it('a plain keyguard:allow on the line above does not allow this line', () => {
    expect(inlineAllow('key = v', 'other = w # keyguard:allow')).toBeUndefined();
  });

  it('the marker outside a comment does not count', () => {
    expect(inlineAllow('keyguard:allow = v', undefined)).toBeUndefined();
  });

  it('no marker, no allow', () => {
    expect(inlineAllow('key = v # a comment', 'x')).toBeUndefined();
  });
});

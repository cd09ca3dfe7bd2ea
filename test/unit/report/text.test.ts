import { describe, expect, it } from 'vitest';
import { maskedKeyIdOf } from '../../../src/detect/mask-value.js';
import { maskSnippet } from '../../../src/report/mask.js';
import { isEnvFile, isTemplateFile } from '../../../src/report/remediation.js';
import { formatAccount, printable, wrap } from '../../../src/report/text.js';
import { shellQuote, shellQuotePath } from '../../../src/shell-quote.js';

describe('shellQuotePath', () => {
  it.each([
    ['config/.env', 'config/.env'],
    ['my file.env', `'my file.env'`],
    [`it's.env`, `'it'\\''s.env'`],
    ['-rf', './-rf'],
    ['a\nb', `$'a\\x0ab'`],
    ['$(touch x)', `'$(touch x)'`],
  ])('%j -> %s', (path, quoted) => expect(shellQuotePath(path)).toBe(quoted));

  it("is shellQuote for a path that needs neither ./ nor $'…'", () => {
    for (const path of ['config/.env', 'my file.env', `it's.env`, ''])
      expect(shellQuotePath(path)).toBe(shellQuote(path));
  });
});

describe('wrap', () => {
  it('wraps at the width, keeps `code spans` and given pieces whole', () => {
    expect(wrap('one two three four', 10, '- ', '  ')).toEqual(['- one two', '  three', '  four']);
    expect(wrap('run `git commit --no-verify` now', 20, '')).toEqual(['run', '`git commit --no-verify`', 'now']);
    expect(wrap(['a', 'b c d'], 4, '')).toEqual(['a', 'b c d']);
  });
});

describe('small helpers', () => {
  it('formats account ids like the console', () => {
    expect(formatAccount('123456789012')).toBe('1234-5678-9012');
    expect(formatAccount('not-an-id')).toBe('not-an-id');
  });

  it('makes file text printable without moving columns', () => {
    expect(printable('a\u001b[2Jb\u202ec')).toBe('a\uFFFD[2Jb\uFFFDc');
  });

  it('tells .env files and templates', () => {
    expect(['.env', 'config/.env.local', 'prod.env'].map(isEnvFile)).toEqual([true, true, true]);
    expect(['environment.ts', '.envrc'].map(isEnvFile)).toEqual([false, false]);
    expect(isTemplateFile('.env.example')).toBe(true);
  });
});

describe('masking helpers', () => {
  it('gives the parts of a key id a report may show (the ends of a stand-in are enough)', () => {
    expect(maskedKeyIdOf('AKIA7Q2X')).toEqual({ masked: 'AKIA…7Q2X', prefix: 'AKIA', last4: '7Q2X', temporary: false });
    expect(maskedKeyIdOf('ASIA7Q2X').temporary).toBe(true);
    expect(maskedKeyIdOf('A3TB7Q2X')).toMatchObject({ prefix: 'A3TB', temporary: false });
  });

  it('masks every range on a line and trims long lines around the first', () => {
    expect(maskSnippet('k = 0123456789abcdef', [[4, 20]]).text).toBe(`k = 0123${'*'.repeat(12)}`);
    const long = maskSnippet(`${'x'.repeat(200)}SECRETVALUE1234567890${'y'.repeat(200)}`, [[200, 220]]).text;
    expect(long.startsWith('…')).toBe(true);
    expect(long).toContain('SECR****************');
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config/config.js';
import { pathMatcher } from '../../../src/config/path-matcher.js';

describe('parseConfig', () => {
  it('accepts a full configuration', async () => {
    const config = await parseConfig(
      { allow: ['^TESTKEY'], ignorePaths: ['fixtures/'], rules: { 'aws-session-token': 'warn' }, baseline: 'kg.json' },
      '.keyguard.json',
    );
    expect(config.allow.map((p) => p.source)).toEqual(['^TESTKEY']);
    expect(config.ignorePaths).toEqual(['fixtures/']);
    expect(config.rules).toEqual({ 'aws-session-token': 'warn' });
    expect(config.baseline).toBe('kg.json');
    expect(config.source).toBe('.keyguard.json');
  });

  it('defaults the baseline path', async () => {
    expect((await parseConfig({}, 'x')).baseline).toBe('.keyguard-baseline.json');
  });

  it.each([
    [[], /"keyguard" must be an object/],
    [{ alow: [] }, /unknown key "alow"/],
    [{ allow: 'x' }, /"allow" must be an array of regular expressions/],
    [{ allow: ['('] }, /"allow\[0\]" must be a valid regular expression/],
    [{ ignorePaths: [1] }, /"ignorePaths" must be an array of non-empty glob strings/],
    [{ rules: { 'aws-nope': 'off' } }, /"rules\.aws-nope" must be a known rule id/],
    [{ rules: { 'aws-access-key-id': 'ignore' } }, /"rules\.aws-access-key-id" must be one of "block", "warn", "off"/],
    [{ baseline: 3 }, /"baseline" must be a file path/],
  ])('rejects %j with a message naming the key', async (value, message) => {
    await expect(parseConfig(value, '.keyguard.json')).rejects.toThrow(ConfigError);
    await expect(parseConfig(value, '.keyguard.json')).rejects.toThrow(message);
  });
});

describe('pathMatcher (gitignore-style)', () => {
  const ignored = pathMatcher(['*.pem', '/build', 'test/fixtures/', 'docs/**/*.md', '!docs/keep.md']);
  it.each([
    ['a.pem', true],
    ['deep/dir/a.pem', true],
    ['build/out.js', true],
    ['src/build/out.js', false],
    ['test/fixtures/creds.env', true],
    ['test/fixtures/nested/x', true],
    ['docs/guide/a.md', true],
    ['docs/keep.md', false],
    ['src/index.ts', false],
  ])('%s -> %s', (path, expected) => {
    expect(ignored(path)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { compileAllowPattern, engineReason } from '../../../src/config/allow-pattern.js';
import { ConfigError, parseConfig } from '../../../src/config/config.js';
import { fakePair, seededRandom } from '../../support/fake-credentials.js';

const rng = seededRandom(0xa110);

/** Every run of 8 characters of `secret`: none may appear in an error message. */
function runsOf(secret: string, length = 8): string[] {
  return Array.from({ length: secret.length - length + 1 }, (_, i) => secret.slice(i, i + length));
}

async function configError(value: unknown): Promise<string> {
  try {
    await parseConfig(value, '.keyguard.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('parseConfig accepted the configuration');
}

describe('allow patterns', () => {
  it('match anywhere in the value, as RegExp.prototype.test does', async () => {
    const { allow } = await parseConfig({ allow: ['FIXTURE', '^EXAMPLE', 'TEST$', '^[A-Z]{4}$'] }, '.keyguard.json');
    const matches = (value: string) => allow.map((p) => p.test(value));
    expect(matches('xxFIXTUREyy')).toEqual([true, false, false, false]);
    expect(matches('EXAMPLEKEY')).toEqual([false, true, false, false]);
    expect(matches('A-TEST')).toEqual([false, false, true, false]);
    expect(matches('ABCD')).toEqual([false, false, false, true]);
    expect(matches('ABCDE')).toEqual([false, false, false, false]);
    expect(allow.map((p) => p.source)).toEqual(['FIXTURE', '^EXAMPLE', 'TEST$', '^[A-Z]{4}$']);
  });

  it('agree with RegExp on the patterns the documentation shows', () => {
    const { id, secret } = fakePair(rng);
    for (const source of [
      '^AKIA[A-Z2-7]{12}TEST$',
      'FIXTURE',
      `^${secret.slice(0, 12).replace(/[+/]/g, '\\$&')}`,
      `${id.slice(-6)}$`,
    ]) {
      const compiled = compileAllowPattern(source);
      if (!compiled.ok) throw new Error(compiled.expected);
      for (const value of [id, secret, `${id}TEST`, 'xFIXTUREx'])
        expect(compiled.pattern.test(value)).toBe(new RegExp(source).test(value));
    }
  });

  it('run in linear time on a pattern that makes RegExp backtrack for minutes', () => {
    const compiled = compileAllowPattern('^([A-Za-z0-9+/]+)+FIXTURE$');
    if (!compiled.ok) throw new Error(compiled.expected);
    const { secret } = fakePair(rng);
    expect(compiled.pattern.test(secret.repeat(50))).toBe(false);
    expect(compiled.pattern.test(`${secret}FIXTURE`)).toBe(true);
    // 2,000 characters; RegExp doubles its time with each character past about 25.
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'FIXTURE(?=X)'],
    ['a negative lookahead', '^(?!AKIA)'],
    ['a lookbehind', '(?<=x)TEST'],
    ['a negative lookbehind', '(?<!x)TEST'],
  ])('reject %s with one line naming allow[i]', async (_what, pattern) => {
    expect(await configError({ allow: ['FIXTURE', pattern] })).toBe(
      '.keyguard.json: "allow[1]" must be a regular expression keyguard can match in linear time (RE2 syntax: no backreferences or lookaround)',
    );
  });

  it('reject a pattern no engine can parse, with the reason and without the pattern', async () => {
    expect(await configError({ allow: ['(unclosed'] })).toBe(
      '.keyguard.json: "allow[0]" must be a valid regular expression (missing closing ))',
    );
    expect(await configError({ allow: ['a{2,1}'] })).toBe(
      '.keyguard.json: "allow[0]" must be a valid regular expression (invalid repeat count)',
    );
  });

  it.each([
    ['an unclosed group', (s: string) => `(${s}`],
    ['an unclosed class', (s: string) => `${s}[`],
    ['a bad escape inside a class', (s: string) => `[${s}\\`],
    ['a backreference', (s: string) => `(${s})\\1`],
    ['a lookahead', (s: string) => `${s}(?=x)`],
    ['a bad repeat', (s: string) => `${s}{9,1}`],
    ['a stray parenthesis', (s: string) => `${s})`],
    ['a bad named group', (s: string) => `(?<${s}`],
  ])('never echo a secret pasted into allow (%s)', async (_what, build) => {
    const { id, secret } = fakePair(rng);
    for (const value of [id, secret]) {
      const message = await configError({ allow: [build(value)] });
      expect(message).toMatch(/^\.keyguard\.json: "allow\[0\]" must be /);
      expect(message).not.toContain('\n');
      for (const run of runsOf(value)) expect(message).not.toContain(run);
    }
  });

  it('engineReason keeps the engine text short, on one line, without the pattern', () => {
    const { secret } = fakePair(rng);
    expect(engineReason(new Error(`bad thing: \`${secret}\``), secret)).toBe('bad thing');
    expect(engineReason(new Error(`bad ${secret} thing`), secret)).toBe('bad thing');
    expect(engineReason(new Error(`line one\nline two ${'x'.repeat(200)}`), secret)).toMatch(
      /^line one line two x+\.\.\.$/,
    );
    expect(engineReason(new Error(`line one\nline two ${'x'.repeat(200)}`), secret).length).toBeLessThanOrEqual(80);
    expect(engineReason(new Error(`\`${secret}\``), secret)).toBe('unsupported syntax');
  });
});

// The Finding contract: positions, masking, fingerprints, account ids, and the raw value kept out of
// every serialization.
import { describe, expect, it } from 'vitest';
import { accountIdFromKeyId } from '../../../src/detect/account-id.js';
import { detect } from '../../../src/detect/index.js';
import { fakeAccessKeyId, fakeSecretAccessKey, KEY_PREFIXES, seededRandom } from '../../support/fake-credentials.js';

describe('Finding', () => {
  const rng = seededRandom(7);
  const id = fakeAccessKeyId(rng);
  const secret = fakeSecretAccessKey(rng);

  it('stays as it was returned after later calls, which return what a first call would', () => {
    // detect keeps its last scope, emptied, from one call to the next.
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const texts = [
      `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`,
      `blob: ${b64(b64(`aws_secret_access_key = ${secret} near ${id}`))}\n`,
      `AWS_ACCESS_KEY_ID=${id}\n`,
    ];
    const first = texts.map((text) => detect(text));
    const seen = first.map((found) => found.map((f) => ({ ...f, secret: f.secret })));
    for (let round = 0; round < 3; round++) {
      for (const [k, text] of texts.entries()) {
        const again = detect(text);
        expect(again.map((f) => ({ ...f, secret: f.secret }))).toEqual(seen[k]);
      }
    }
    expect(first.map((found) => found.map((f) => ({ ...f, secret: f.secret })))).toEqual(seen);
    expect(seen.every((found) => found.length > 0)).toBe(true);
  });

  it('keeps the raw value non-enumerable', () => {
    const [f] = detect(`AWS_ACCESS_KEY_ID=${id}\n`);
    expect(f?.secret).toBe(id);
    expect(Object.keys(f ?? {})).not.toContain('secret');
    expect(JSON.stringify(f)).not.toContain(id);
    expect(JSON.stringify({ ...f })).not.toContain(id.slice(4));
  });

  it('locates with 1-based lines and UTF-16 columns, endColumn exclusive', () => {
    const text = `# é😀\n  key: "😀${' '}${id}"\n`;
    const [f] = detect(text);
    const line = text.split('\n')[1] as string;
    expect(f?.line).toBe(2);
    expect(line.slice((f?.column ?? 0) - 1, (f?.endColumn ?? 0) - 1)).toBe(id);
  });

  it('reports a pair once, naming both lines', () => {
    const text = `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;
    const found = detect(text);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f).toMatchObject({
      rule: 'aws-credential-pair',
      line: 2,
      column: 21,
      endColumn: 41,
      secretLine: 3,
      secretColumn: 25,
      secretEndColumn: 65,
    });
    expect(f?.pairedWith).toBe(`${id.slice(0, 4)}…${id.slice(-4)}`);
    expect(f?.masked).toBe(`${secret.slice(0, 4)}…(40 chars)`);
    expect(JSON.stringify(f)).not.toContain(secret.slice(4, 12));
  });

  it('masks key ids as prefix + last 4', () => {
    const [f] = detect(`id=${id}\n`);
    expect(f?.masked).toBe(`${id.slice(0, 4)}…${id.slice(-4)}`);
  });

  it('fingerprints rule + value only: stable across positions and files', () => {
    const a = detect(`AWS_ACCESS_KEY_ID=${id}\n`)[0];
    const b = detect(`\n\n   const k = "${id}";\n`)[0];
    expect(a?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(detect(`AWS_ACCESS_KEY_ID=${fakeAccessKeyId(rng)}\n`)[0]?.fingerprint).not.toBe(a?.fingerprint);
  });

  it('decodes the account id offline (new-generation ids only)', () => {
    // The published example of the method, assembled from parts.
    expect(accountIdFromKeyId(`${KEY_PREFIXES.session}${'Y34FZKBO'}${'KMUTVV7A'}`)).toBe('609629065308');
    expect(accountIdFromKeyId(`${KEY_PREFIXES.long}I${'ABCDEFGH'}${'JKLMNOP'}`)).toBeUndefined();
    expect(accountIdFromKeyId(`${KEY_PREFIXES.long}J${'ABCDEFGH'}${'JKLMNOP'}`)).toBeUndefined();
    const [f] = detect(`key ${KEY_PREFIXES.session}${'Y34FZKBO'}${'KMUTVV7A'}\n`);
    expect(f?.accountId).toBe('609629065308');
  });

  it('returns nothing for empty and tiny inputs', () => {
    expect(detect('')).toEqual([]);
    expect(detect('\n')).toEqual([]);
    expect(detect(KEY_PREFIXES.long)).toEqual([]);
  });
});

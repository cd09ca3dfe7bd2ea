// The run scanner skips runs too short to report anything without reading every character of them: a
// key id, or the quote that starts a chain of literals, must be found wherever it falls among short
// words, whatever the alignment of the skip search's probes.
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import { fakeAccessKeyId, fakeSecretAccessKey, seededRandom } from '../../support/fake-credentials.js';

const rng = seededRandom(12);

/** Minified-like text of short words, `length` characters long. */
function words(length: number): string {
  const pattern = 'ab(c,d1)=e+f/"gh";';
  return pattern.repeat(Math.ceil(length / pattern.length) + 1).slice(0, length);
}

describe('scanRuns among short runs', () => {
  for (let offset = 0; offset < 30; offset++) {
    it(`finds a key id and secret after ${offset} characters of short words`, () => {
      const id = fakeAccessKeyId(rng);
      const secret = fakeSecretAccessKey(rng);
      const head = `${words(200 + offset)};`;
      const text = `${head}aws_access_key_id=${id};aws_secret_access_key=${secret};${words(50)}`;
      const findings = detect(text);
      expect(findings.map((f) => f.rule)).toEqual(['aws-credential-pair']);
      expect(findings[0]!.column).toBe(head.length + 'aws_access_key_id='.length + 1);
    });

    it(`joins a key id split into short literals after ${offset} characters of short words`, () => {
      const id = fakeAccessKeyId(rng);
      const cut = 4 + (offset % 8);
      const head = `${words(300 + offset)};`;
      const text = `${head}k = "${id.slice(0, cut)}" + "${id.slice(cut)}";${words(40)}`;
      const findings = detect(text);
      expect(findings.map((f) => f.rule)).toEqual(['aws-access-key-id']);
      expect(findings[0]!.line).toBe(1);
    });
  }
});

// A key id that is not base32 (a made-up one in test data) is reported alone only under a label that
// names it (`aws_access_key_id = …`); after anything else it waits for a secret to pair with. The label
// test answers most places without its regular expression (a character that cannot end a label): both
// answers are checked here, for every way a label may end and for places that only look like one.
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import { KEY_PREFIX, randomString, seededRandom } from '../../support/fake-credentials.js';

const rng = seededRandom(77);

/** A long-term id with 0, 1, 8 and 9 in it: plausible, but not issued by AWS (so it needs a label). */
function madeUpId(): string {
  for (;;) {
    const id = `${KEY_PREFIX.long}${randomString(rng, 'ABCDEFGHJKMNPQRSTVWXYZ', 12)}0189`;
    if (detect(`aws_access_key_id = ${id}\n`).length === 1) return id;
  }
}

const reported = (before: string, id: string) =>
  detect(`x\n${before}${id}\n`).some((f) => f.rule === 'aws-access-key-id' && f.line === 2);

describe('a made-up key id', () => {
  it.each([
    'aws_access_key_id = ',
    'aws_access_key_id=',
    'access_key_id: ',
    '"AccessKeyId": "',
    "key_id => '",
    'accessKey := ',
    'AccessKeyId:\t',
    'access-key-id=`',
    '["access_key_id"] = "',
    'ACCESS_KEY_ID =  \t "',
    'access_key_id =\u00a0',
    'access_key_id\u00a0=\u00a0"',
  ])('is reported after %j', (before) => {
    expect(reported(before, madeUpId())).toBe(true);
  });

  it.each([
    'aws_access_key_id ',
    'access_key_id = "" ',
    'the key: see ',
    'region = ',
    'access_key_id = x ',
    'access_key_id = ""',
    'access_key_id =\u2028x',
    'id: \u00e9',
    '',
  ])('is not reported after %j', (before) => {
    expect(reported(before, madeUpId())).toBe(false);
  });
});

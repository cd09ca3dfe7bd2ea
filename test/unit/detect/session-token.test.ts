// Session tokens as STS issues them: a known binary header, then a protobuf varint whose 0xff bytes
// make a `//////////` run. Such a token is found wherever the other rules would find one; a value with
// the same run but no known header is not. Every value is built at run time (fake-credentials.ts).
import { describe, expect, it } from 'vitest';
import { prefixesOf } from '../../../src/detect/catalog.js';
import { detect } from '../../../src/detect/index.js';
import { hasStsHeader } from '../../../src/detect/rules/aws-session-token.js';
import {
  fakeAccessKeyId,
  fakeSecretAccessKey,
  fakeStsSessionToken,
  KEY_PREFIXES,
  randomString,
  seededRandom,
  type StsGeneration,
} from '../../support/fake-credentials.js';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const GENERATIONS: StsGeneration[] = [0, 1, 2, 3, 4];
const rng = seededRandom(2024);

const rules = (text: string, path?: string) =>
  detect(text, path === undefined ? {} : { path }).map((f) => [f.rule, f.line]);
const urlEncode = (value: string) => value.replace(/\//g, '%2F').replace(/\+/g, '%2B').replace(/=/g, '%3D');

describe('the STS header', () => {
  it.each(
    prefixesOf('aws-session-token').map((p) => [p.text, p] as const),
  )('%s is the base64 of its header', (text, p) => {
    const bytes = Buffer.from(text, 'base64');
    const { version, name } = p.header!;
    expect([...bytes.subarray(0, 3)]).toEqual([version, 0x0a, name.length]);
    expect(name.startsWith(bytes.subarray(3).toString('latin1'))).toBe(true);
  });

  it.each(GENERATIONS)('is recognised in a token of generation %i, which has a run of ten slashes', (generation) => {
    const token = fakeStsSessionToken(rng, generation);
    expect(token).toContain('/'.repeat(10));
    expect(hasStsHeader(token)).toBe(true);
  });

  it('is not recognised after a known prefix followed by anything else', () => {
    const token = fakeStsSessionToken(rng, 0);
    expect(hasStsHeader(token.slice(0, 12) + randomString(rng, BASE64, 8) + token.slice(20))).toBe(false);
    expect(hasStsHeader(randomString(rng, BASE64, 20) + token.slice(20))).toBe(false);
    expect(hasStsHeader(token.slice(0, 24))).toBe(false);
  });
});

describe.each(GENERATIONS)('an STS session token of generation %i', (generation) => {
  const token = fakeStsSessionToken(rng, generation);

  it('after aws_session_token =', () => {
    expect(rules(`[default]\naws_session_token = ${token}\n`)).toEqual([['aws-session-token', 2]]);
  });

  it('as AWS_SESSION_TOKEN= in a .env file', () => {
    expect(rules(`REGION=us-east-1\nAWS_SESSION_TOKEN=${token}\n`, '.env')).toEqual([['aws-session-token', 2]]);
  });

  it('alone on a line', () => {
    expect(rules(`// pasted\nconst token = '${token}';\n`)).toEqual([['aws-session-token', 2]]);
  });

  it('in ~/.aws/credentials with a temporary key id: both reported', () => {
    const id = fakeAccessKeyId(rng, KEY_PREFIXES.session);
    const text = `[assumed]\naws_access_key_id = ${id}\naws_session_token = ${token}\n`;
    expect(rules(text, '.aws/credentials')).toEqual([
      ['aws-access-key-id', 2],
      ['aws-session-token', 3],
    ]);
  });

  it('in ~/.aws/credentials with a temporary key id and its secret: the pair and the token', () => {
    const id = fakeAccessKeyId(rng, KEY_PREFIXES.session);
    const text = `[assumed]\naws_access_key_id = ${id}\naws_secret_access_key = ${fakeSecretAccessKey(rng)}\naws_session_token = ${token}\n`;
    expect(rules(text, '.aws/credentials')).toEqual([
      ['aws-credential-pair', 2],
      ['aws-session-token', 4],
    ]);
  });

  it('in an STS JSON response ("SessionToken": "…")', () => {
    const json = JSON.stringify(
      {
        Credentials: {
          AccessKeyId: fakeAccessKeyId(rng, KEY_PREFIXES.session),
          SecretAccessKey: fakeSecretAccessKey(rng),
          SessionToken: token,
        },
      },
      null,
      2,
    );
    expect(rules(json)).toEqual([
      ['aws-credential-pair', 3],
      ['aws-session-token', 5],
    ]);
  });

  it('URL-encoded in a presigned URL (X-Amz-Security-Token=, the run as %2F)', () => {
    const url = `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${urlEncode(token)}&X-Amz-Signature=${randomString(rng, '0123456789abcdef', 64)}\n`;
    expect(url).toContain('%2F'.repeat(10));
    expect(rules(url)).toEqual([['aws-session-token', 1]]);
  });
});

describe('values with the same structures that are not tokens', () => {
  // Random base64 with a run of slashes, but no known header.
  const run = () => `${randomString(rng, BASE64, 24)}${'/'.repeat(10)}${randomString(rng, BASE64, 300)}`;
  // A known prefix, then a run of slashes without the rest of the header.
  const prefixOnly = () =>
    `${prefixesOf('aws-session-token')[0]!.text}${randomString(rng, BASE64, 6)}${'/'.repeat(10)}${randomString(rng, BASE64, 300)}`;
  const placeholder = () => `${prefixesOf('aws-session-token')[0]!.text}${'X'.repeat(200)}`;
  const text = () =>
    Buffer.from(
      'Temporary credentials come from the identity center: run aws sso login, then read the session token ' +
        'from the cache; never paste the token into this file, it expires within the hour anyway.',
    ).toString('base64');
  const values = {
    'random base64 with a run of slashes': run,
    'a known prefix without its header': prefixOnly,
    'a placeholder': placeholder,
    'base64 of ordinary text': text,
  };

  describe.each(Object.entries(values))('%s', (_, make) => {
    it('after aws_session_token =', () => expect(rules(`[default]\naws_session_token = ${make()}\n`)).toEqual([]));
    it('as AWS_SESSION_TOKEN= in a .env file', () =>
      expect(rules(`AWS_SESSION_TOKEN=${make()}\n`, '.env')).toEqual([]));
    it('alone on a line', () => expect(rules(`const token = '${make()}';\n`)).toEqual([]));
    it('in ~/.aws/credentials next to a temporary key id: only the id', () => {
      const id = fakeAccessKeyId(rng, KEY_PREFIXES.session);
      expect(
        rules(`[assumed]\naws_access_key_id = ${id}\naws_session_token = ${make()}\n`, '.aws/credentials'),
      ).toEqual([['aws-access-key-id', 2]]);
    });
    it('in JSON ("SessionToken": "…")', () => expect(rules(`{\n  "SessionToken": "${make()}"\n}\n`)).toEqual([]));
    it('URL-encoded after X-Amz-Security-Token=', () =>
      expect(rules(`https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${urlEncode(make())}&x=1\n`)).toEqual([]));
  });
});

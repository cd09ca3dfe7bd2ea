// Property tests (fast-check): a credential planted into random text in any supported format is found
// on its line; arbitrary input never throws and positions always fall inside the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/detect/index.js';
import type { RuleId } from '../../../src/detect/types.js';
import {
  fakeAccessKeyId,
  fakeBedrockKey,
  fakeSecretAccessKey,
  fakeSessionToken,
  seededRandom,
} from '../../support/fake-credentials.js';

interface Creds {
  id: string;
  secret: string;
  token: string;
  bedrock: string;
}

/** One line (or a few) holding a credential, with the rule expected and the line offset of the finding. */
interface Planter {
  name: string;
  rule: RuleId;
  render(c: Creds): string[];
  /** Index, within the rendered lines, of the line the finding is reported on. */
  at?: number;
}

const PLANTERS: Planter[] = [
  { name: 'dotenv id', rule: 'aws-access-key-id', render: (c) => [`AWS_ACCESS_KEY_ID=${c.id}`] },
  {
    name: 'shell secret',
    rule: 'aws-secret-access-key',
    render: (c) => [`export AWS_SECRET_ACCESS_KEY="${c.secret}"`],
  },
  {
    name: 'INI pair',
    rule: 'aws-credential-pair',
    render: (c) => [`aws_access_key_id = ${c.id}`, `aws_secret_access_key = ${c.secret}`],
  },
  {
    name: 'JSON secret',
    rule: 'aws-secret-access-key',
    render: (c) => [`  "SecretAccessKey": "${c.secret.replace(/\//g, '\\/')}",`],
  },
  {
    name: 'YAML pair',
    rule: 'aws-credential-pair',
    render: (c) => [`  accessKeyId: ${c.id}`, `  secretAccessKey: '${c.secret}'`],
  },
  { name: 'HCL secret', rule: 'aws-secret-access-key', render: (c) => [`  aws_secret_key = "${c.secret}"`] },
  {
    name: 'Python kwargs pair',
    rule: 'aws-credential-pair',
    render: (c) => [`boto3.client('s3', aws_access_key_id='${c.id}', aws_secret_access_key='${c.secret}')`],
  },
  {
    name: 'Java unlabeled pair',
    rule: 'aws-credential-pair',
    render: (c) => [`new BasicAWSCredentials("${c.id}",`, `    "${c.secret}");`],
  },
  {
    name: 'Go unlabeled pair',
    rule: 'aws-credential-pair',
    render: (c) => [`credentials.NewStaticCredentials("${c.id}", "${c.secret}", "")`],
  },
  {
    name: 'XML secret',
    rule: 'aws-secret-access-key',
    render: (c) => [`<secretAccessKey>${c.secret}</secretAccessKey>`],
  },
  { name: 'CSV pair', rule: 'aws-credential-pair', render: (c) => [`${c.id},${c.secret}`] },
  { name: 'session token', rule: 'aws-session-token', render: (c) => [`aws_session_token = ${c.token}`] },
  {
    name: 'URL-encoded secret',
    rule: 'aws-secret-access-key',
    render: (c) => [`?aws_secret_access_key=${encodeURIComponent(c.secret)}&x=1`],
  },
  {
    name: 'base64 env blob',
    rule: 'aws-credential-pair',
    render: (c) => [
      `blob: ${Buffer.from(`AWS_ACCESS_KEY_ID=${c.id}\nAWS_SECRET_ACCESS_KEY=${c.secret}\n`).toString('base64')}`,
    ],
  },
  { name: 'Bedrock key', rule: 'aws-bedrock-api-key', render: (c) => [`AWS_BEARER_TOKEN_BEDROCK=${c.bedrock}`] },
  {
    name: 'split id',
    rule: 'aws-access-key-id',
    render: (c) => [`key = "${c.id.slice(0, 10)}" + "${c.id.slice(10)}"`],
  },
];

/** Filler lines: printable text without line breaks (any of it, including quotes, = and keywords). */
const fillerLine = fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, ' '));
const filler = fc.array(fillerLine, { maxLength: 8 });

describe('a planted credential is found on its line', () => {
  it.each(PLANTERS.map((p) => [p.name, p] as const))('%s', (_name, planter) => {
    fc.assert(
      fc.property(
        filler,
        filler,
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom('\n', '\r\n'),
        (before, after, seed, eol) => {
          const rng = seededRandom(seed);
          const creds: Creds = {
            id: fakeAccessKeyId(rng),
            secret: fakeSecretAccessKey(rng),
            token: fakeSessionToken(rng),
            bedrock: fakeBedrockKey(rng),
          };
          // Blank lines around the planted lines keep the filler from being read as part of their syntax.
          const lines = [...before, '', ...planter.render(creds), '', ...after];
          const line = before.length + 2 + (planter.at ?? 0);
          const found = detect(lines.join(eol));
          expect(found.map((f) => `${f.rule}@${f.line}`)).toContain(`${planter.rule}@${line}`);
        },
      ),
      // A fixed seed: the same cases on every run (random fakes are rejected once in ~1e5 by design).
      { numRuns: 60, seed: 20260101 },
    );
  });
});

const INTERESTING = [
  'AKIA',
  'ASIA',
  'A3T',
  'ABSK',
  'IQoJb3JpZ2lu',
  'bedrock-api-key-',
  'secret',
  'SECRET',
  'aws_secret_access_key',
  'SessionToken',
  'X-Amz-Security-Token=',
  '"',
  "'",
  '`',
  ' + ',
  '.',
  '=',
  ':',
  '\\/',
  '\\u002F',
  '%2F',
  '%3D',
  '\\n',
  '\n',
  '\r\n',
  '<',
  '>',
  'A',
  'z',
  '2',
  '7',
  '/',
  '+',
  ' ',
  'value',
  'QUtJQ',
  '==',
];

describe('arbitrary input', () => {
  const check = (text: string): void => {
    const findings = detect(text);
    const lines = text.split('\n');
    for (const f of findings) {
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.line).toBeLessThanOrEqual(lines.length);
      expect(f.column).toBeGreaterThanOrEqual(1);
      expect(f.endColumn).toBeGreaterThan(f.column);
      expect(f.endColumn - 1).toBeLessThanOrEqual((lines[f.line - 1] as string).length);
    }
  };

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { seed: 3201, numRuns: 300 });
  });

  it('never throws on arbitrary bytes decoded as UTF-8 or Latin-1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        check(Buffer.from(bytes).toString('utf8'));
        check(Buffer.from(bytes).toString('latin1'));
      }),
      { seed: 3202, numRuns: 300 },
    );
  });

  it('never throws on dense mixtures of keywords, prefixes, escapes and separators', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...INTERESTING), { maxLength: 200 }).map((parts) => parts.join('')),
        check,
      ),
      { seed: 3203, numRuns: 500 },
    );
  });

  it('never throws when real credentials are cut, repeated and interleaved with noise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(fc.nat(40), fc.nat(40), fc.constantFrom(...INTERESTING)), { maxLength: 30 }),
        (seed, cuts) => {
          const rng = seededRandom(seed);
          const source = `aws_access_key_id=${fakeAccessKeyId(rng)}\naws_secret_access_key=${fakeSecretAccessKey(rng)}\n`;
          let text = '';
          for (const [a, b, noise] of cuts) text += source.slice(Math.min(a, b), Math.max(a, b)) + noise;
          check(text);
        },
      ),
      { seed: 3204, numRuns: 300 },
    );
  });
});

import type { Prefix, RuleId } from '../../src/detect/catalog.js';
import { BASE32_ALPHABET } from '../../src/detect/char-class.js';
import type { ExampleFakes } from '../../src/detect/rules/examples.js';
// Test credentials are built at run time, never stored: no credential-shaped
// literal may be committed, not even a fake one, so the repository passes its own hook and any scanner.

/** A small seeded PRNG (mulberry32): the same seed gives the same credentials on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function randomString(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/** The access key id prefix, assembled so that no full-length literal exists in the source. */
export const KEY_PREFIX = { long: ['AK', 'IA'].join(''), session: ['AS', 'IA'].join('') } as const;

/** `AKIA` (or another prefix) + 16 base32 characters, as AWS issues them. */
export function fakeAccessKeyId(rng: Rng, prefix: string = KEY_PREFIX.long): string {
  return prefix + randomString(rng, BASE32_ALPHABET, 20 - prefix.length);
}

/** 40 characters of the secret alphabet, with at least one lower-case letter, digit and upper-case letter. */
export function fakeSecretAccessKey(rng: Rng): string {
  for (;;) {
    const s = randomString(rng, SECRET_ALPHABET, 40);
    if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

/** A session token with the prefix STS tokens start with (base64 of `"origin`...). */
export function fakeSessionToken(rng: Rng): string {
  return ['IQoJb3', 'JpZ2lu'].join('') + randomString(rng, BASE64_ALPHABET, 300);
}

export interface FakePair {
  id: string;
  secret: string;
}

export function fakePair(rng: Rng): FakePair {
  return { id: fakeAccessKeyId(rng), secret: fakeSecretAccessKey(rng) };
}

/** All four access key id prefixes, assembled at run time. */
export const KEY_PREFIXES = {
  ...KEY_PREFIX,
  bearer: ['AB', 'IA'].join(''),
  context: ['AC', 'CA'].join(''),
} as const;

/** A session token starting with one of the prefixes STS tokens use (several generations). */
export function fakeSessionTokenOf(rng: Rng, generation: 0 | 1 | 2 = 0, length = 300): string {
  const prefixes = [
    ['IQoJb3', 'JpZ2lu'],
    ['FwoGZX', 'IvYXdz'],
    ['FQoGZX', 'IvYXdz'],
  ] as const;
  return (prefixes[generation] as readonly string[]).join('') + randomString(rng, BASE64_ALPHABET, length);
}

/**
 * The binary headers STS tokens start with, one per generation of `fakeSessionTokenOf` and then the
 * two older ones: a version byte and the name of protobuf field 1. Their base64 is the known prefix.
 */
const STS_HEADERS = [
  [0x21, 'origin_ec'],
  [0x17, 'er/aws'],
  [0x15, 'er/aws'],
  [0x02, 'origin_ec'],
  [0x01, 'aws'],
] as const;

export type StsGeneration = 0 | 1 | 2 | 3 | 4;

/**
 * A session token built as STS builds them: base64 of a version byte, field 1 (the name), field 2 a
 * varint of a negative number (ten bytes, eight of them 0xff: the `//////////` run real tokens carry),
 * field 3 the region, then `bodyBytes` random bytes standing for the signed body.
 */
export function fakeStsSessionToken(rng: Rng, generation: StsGeneration = 0, bodyBytes = 400): string {
  const [version, name] = STS_HEADERS[generation];
  const region = 'us-east-1';
  const bytes = [
    version,
    0x0a,
    name.length,
    ...Buffer.from(name),
    0x10,
    0x80 | Math.floor(rng() * 128),
    ...new Array<number>(8).fill(0xff),
    0x01,
    0x1a,
    region.length,
    ...Buffer.from(region),
    0x22,
  ];
  for (let i = 0; i < bodyBytes; i++) bytes.push(Math.floor(rng() * 256));
  return Buffer.from(bytes).toString('base64');
}

/** A long-term Amazon Bedrock API key: `ABSK` (or the given prefix) + base64 of `BedrockAPIKey-...`. */
export function fakeBedrockKey(rng: Rng, prefix = ['AB', 'SK'].join('')): string {
  const inner = `BedrockAPIKey-${randomString(rng, 'abcdefghijklmnopqrstuvwxyz0123456789', 4)}-at-${randomString(rng, '0123456789', 12)}:${randomString(rng, BASE64_ALPHABET, 60)}`;
  return prefix + Buffer.from(inner).toString('base64').replace(/=+$/, '');
}

/** A short-term Amazon Bedrock API key: `bedrock-api-key-` (or the given prefix) + base64 of a presigned request. */
export function fakeBedrockShortTermKey(rng: Rng, prefix = ['bedrock', 'api', 'key', ''].join('-')): string {
  const request = `bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${randomString(rng, BASE32_ALPHABET, 20)}&X-Amz-Signature=${randomString(rng, '0123456789abcdef', 64)}&Version=1`;
  return prefix + Buffer.from(request).toString('base64');
}

/**
 * A credential of `rule` starting with `prefix`, one of the rule catalog's (src/detect/catalog.ts), so
 * a prefix added there is tested without a generator of its own.
 */
export function fakeCredentialWithPrefix(rng: Rng, rule: RuleId, prefix: Prefix): string {
  switch (rule) {
    case 'aws-access-key-id':
      return fakeAccessKeyId(rng, prefix.plusOne ? prefix.text + randomString(rng, BASE32_ALPHABET, 1) : prefix.text);
    case 'aws-session-token':
      return prefix.text + randomString(rng, BASE64_ALPHABET, 300);
    case 'aws-bedrock-api-key':
      return prefix.temporary ? fakeBedrockShortTermKey(rng, prefix.text) : fakeBedrockKey(rng, prefix.text);
    default:
      throw new Error(`no fake ${rule} starts with a prefix`);
  }
}

/** The fakes the rules' own examples are built from (src/detect/rules/examples.ts). */
export function exampleFakes(rng: Rng): ExampleFakes {
  return {
    keyId: (prefix = KEY_PREFIX.long) => fakeAccessKeyId(rng, prefix),
    secret: () => fakeSecretAccessKey(rng),
    sessionToken: () => fakeSessionToken(rng),
    stsSessionToken: () => fakeStsSessionToken(rng, Math.floor(rng() * STS_HEADERS.length) as StsGeneration),
    bedrockKey: () => fakeBedrockKey(rng),
    bedrockShortTermKey: () => fakeBedrockShortTermKey(rng),
    prefix: {
      long: KEY_PREFIXES.long,
      session: KEY_PREFIXES.session,
      bearer: KEY_PREFIXES.bearer,
      context: KEY_PREFIXES.context,
    },
    random: (alphabet, length) => randomString(rng, alphabet, length),
  };
}

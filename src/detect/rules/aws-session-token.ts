// aws-session-token: the third part of temporary credentials (STS). Found after a name that says so
// (`aws_session_token`, `AWS_SESSION_TOKEN`, `SessionToken`, `aws_security_token`, the
// `X-Amz-Security-Token` query parameter of presigned URLs, URL-encoded or not), or on its own by the
// prefixes STS tokens start with: they are base64 of a fixed binary header (`IQoJb3JpZ2lu` is
// `!\n\torigin`, `FwoGZXIvYXdz` is `\x17\n\x06er/aws`). A generic `sessionToken` (web apps have those
// too) counts only in an AWS-flavoured neighbourhood or with a known prefix. Real tokens hold a run of
// `/` (a protobuf varint of -1), which the generic "long run of one character" test would reject: a
// token whose whole header is recognised is exempt from that one test.
import { keywordsOf, prefixesOf } from '../catalog.js';
import { TOKEN, classAt } from '../char-class.js';
import { forEachKeyword, memoizeByName, nameAround, nameRunEnd, valueStartAfter } from '../assignment.js';
import { RunCursor, type Scope } from '../scope.js';
import { decodesToText, isPlausibleLongToken } from '../shape.js';
import { readToken } from '../token-reader.js';
import { VALUE_WINDOW, valueEndsAt, valueStartsAt } from '../value-bounds.js';
import type { RuleExamples } from './examples.js';

/** Prefixes of STS session tokens (several generations, from the catalog). Alone they are evidence enough. */
const SESSION_TOKEN_PREFIXES = prefixesOf('aws-session-token').map((p) => p.text);
const MIN_LABELED = 100;
const MIN_PREFIXED = 64;
const MAX_TOKEN = 16384;

const NOT_AWS_TOKEN = /name|ref|file|path|expir|duration|ttl|header|length|csrf|cookie|timeout|id$|url|endpoint|key$/;

type Strength = 'strong' | 'weak';

const tokenNameKind = memoizeByName((normalized: string): Strength | undefined => {
  if (!/sessiontoken|securitytoken/.test(normalized) || NOT_AWS_TOKEN.test(normalized)) return undefined;
  return /aws|amz|amazon/.test(normalized) ? 'strong' : 'weak';
});

function tokenNameStrength(normalized: string, raw: string): Strength | undefined {
  const kind = tokenNameKind(normalized);
  // `SessionToken` as a whole word is the field of STS responses and the AWS SDKs.
  return kind === 'weak' && /(?:^|[^A-Za-z])SessionToken/.test(raw) ? 'strong' : kind;
}

function hasKnownPrefix(value: string): boolean {
  return hasKnownPrefixAt(value, 0);
}

/** The first two characters of each known prefix, as `first << 16 | second`. */
const PREFIX_HEADS = SESSION_TOKEN_PREFIXES.map((p) => (p.charCodeAt(0) << 16) | p.charCodeAt(1));

/**
 * Whether a known prefix starts at `h` (no slice and no closure: the run scanner asks at every run that
 * starts with a prefix's first letter, and two characters reject almost all of them).
 */
function hasKnownPrefixAt(text: string, h: number): boolean {
  const head = (text.charCodeAt(h) << 16) | text.charCodeAt(h + 1);
  for (let k = 0; k < SESSION_TOKEN_PREFIXES.length; k++)
    if (PREFIX_HEADS[k] === head && text.startsWith(SESSION_TOKEN_PREFIXES[k] as string, h)) return true;
  return false;
}

const HEADERS = prefixesOf('aws-session-token').filter((p) => p.header !== undefined);

/**
 * True when the value starts with the binary header of an STS token: a known prefix, and what follows
 * it decodes to the rest of that header (the version byte, protobuf field 1 holding the catalog's name),
 * then field 2 (`0x10`) with a well-formed varint of at most 10 bytes. That varint is where real tokens
 * carry their `//////////` run; a random value that merely starts with a prefix matches the bytes after
 * it with a chance of about 2^-32.
 */
export function hasStsHeader(value: string): boolean {
  const prefix = HEADERS.find((p) => value.startsWith(p.text));
  if (prefix?.header === undefined) return false;
  const { version, name } = prefix.header;
  const tag = 3 + name.length;
  const need = tag + 11;
  const bytes = Buffer.from(value.slice(0, Math.ceil(need / 3) * 4), 'base64');
  if (bytes.length < need || bytes[0] !== version || bytes[1] !== 0x0a || bytes[2] !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[3 + i] !== name.charCodeAt(i)) return false;
  if (bytes[tag] !== 0x10) return false;
  for (let k = tag + 1; k <= tag + 10; k++) if ((bytes[k] as number) < 0x80) return true;
  return false;
}

/**
 * Known structure first: a value with an STS header may hold the runs of one character its binary
 * structure produces. Any other value must pass the generic test of long tokens, and must not be the
 * base64 of text (a token is binary; random bytes are never 90% printable).
 */
function isPlausibleToken(value: string): boolean {
  if (hasStsHeader(value)) return isPlausibleLongToken(value, true);
  return isPlausibleLongToken(value) && !decodesToText(value.slice(0, value.length & ~3));
}

/**
 * A SealedSecret (bitnami) ciphertext under a token name: its values start with `Ag` (a 2-byte length of
 * the RSA-encrypted session key) and sit in an `encryptedData` map. An STS token starting `AgoJb3JpZ2lu`
 * keeps its known prefix and is still reported.
 */
function isSealedSecretValue(scope: Scope, value: string, at: number): boolean {
  return value.startsWith('Ag') && !hasKnownPrefix(value) && scope.inSealedData(at);
}

function isJwt(text: string, token: { value: string; end: number }): boolean {
  return token.value.startsWith('eyJ') && text.charCodeAt(token.end) === 46;
}

/** Tokens after a name that says so (`aws_session_token`, `SessionToken`, `X-Amz-Security-Token`). */
export function scanSessionTokenKeywords(scope: Scope): void {
  const { text } = scope;
  for (const { word, tailFrom } of keywordsOf('aws-session-token')) {
    const values = new RunCursor(scope.valueRuns);
    forEachKeyword(text, word, tailFrom, (h) => {
      if (!values.any(h - 2, h + VALUE_WINDOW)) return h + word.length;
      const after = text.slice(h + word.length, h + word.length + 6);
      if (!/^[_\-. ]?(?:token|Token|TOKEN)/.test(after)) return h + word.length;
      const name = nameAround(text, h, h + word.length);
      if (!name) return nameRunEnd(text, h);
      const strength = tokenNameStrength(name.normalized, name.raw);
      if (!strength) return name.end;
      const at = valueStartAfter(text, name.end, 20);
      if (at < 0 || !valueStartsAt(text, at)) return name.end;
      const token = readToken(text, at, { max: MAX_TOKEN, padding: true });
      if (token.value.length < MIN_LABELED || token.value.length > MAX_TOKEN || !valueEndsAt(text, token.end))
        return name.end;
      if (isJwt(text, token) || !isPlausibleToken(token.value)) return name.end;
      if (strength === 'weak' && !hasKnownPrefix(token.value) && !scope.flavour(h)) return name.end;
      if (isSealedSecretValue(scope, token.value, h)) return token.end;
      scope.add('token', token.value, token.start, token.end);
      return token.end;
    });
  }
}

/** First characters of the known prefixes, for the run scanner's quick test. */
export const SESSION_TOKEN_FIRST_CHARS = new Set(SESSION_TOKEN_PREFIXES.map((p) => p.charCodeAt(0)));

/** A token starting with a known STS prefix at `h` (the start of a run of the base64 alphabet). */
export function prefixedTokenAt(scope: Scope, h: number): void {
  const { text } = scope;
  if (!hasKnownPrefixAt(text, h) || classAt(text, h - 1) & TOKEN || !valueStartsAt(text, h)) return;
  const token = readToken(text, h, { max: MAX_TOKEN, padding: true });
  if (token.value.length < MIN_PREFIXED || token.value.length > MAX_TOKEN || !valueEndsAt(text, token.end)) return;
  if (!isPlausibleToken(token.value)) return;
  scope.add('token', token.value, token.start, token.end);
}

export const examples: RuleExamples = {
  positives(fake) {
    const t = fake.sessionToken();
    const generic = `${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 180)}==`;
    const sts = fake.stsSessionToken();
    const urlEncoded = t.replace(/\//g, '%2F').replace(/\+/g, '%2B').replace(/=/g, '%3D');
    return [
      { name: 'credentials file', text: `[tmp]\naws_session_token = ${t}\n`, rule: 'aws-session-token', line: 2 },
      {
        name: 'env var without a known prefix',
        text: `export AWS_SESSION_TOKEN="${generic}"\n`,
        rule: 'aws-session-token',
        line: 1,
      },
      {
        name: 'STS JSON',
        text: `{\n  "Credentials": {\n    "SessionToken": "${generic}"\n  }\n}\n`,
        rule: 'aws-session-token',
        line: 3,
      },
      {
        name: 'presigned URL, URL-encoded',
        text: `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${urlEncoded}&X-Amz-Signature=abc\n`,
        rule: 'aws-session-token',
        line: 1,
      },
      {
        name: 'known prefix alone',
        text: `// pasted from the console\nconst t = '${t}';\n`,
        rule: 'aws-session-token',
        line: 2,
      },
      {
        name: 'token starting with Ag in a plain Secret (not sealed)',
        text: `kind: Secret\nstringData:\n  AWS_SESSION_TOKEN: Ag${generic}\n`,
        rule: 'aws-session-token',
        line: 3,
      },
      {
        name: 'STS token with its run of slashes, in a credentials file',
        text: `[tmp]\naws_session_token = ${sts}\n`,
        rule: 'aws-session-token',
        line: 2,
      },
      {
        name: 'STS token with its run of slashes, alone',
        text: `const t = "${sts}";\n`,
        rule: 'aws-session-token',
        line: 1,
      },
    ];
  },
  negatives(fake) {
    const random = fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 150);
    const sealed = `${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 730)}==`;
    return [
      { name: 'short token', text: `aws_session_token = ${random.slice(0, 40)}\n` },
      {
        name: 'JWT session token of a web app',
        text: `sessionToken: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${random}.${random.slice(0, 43)}"\n`,
      },
      { name: 'generic sessionToken without AWS around', text: `const sessionToken = "${random}";\n` },
      { name: 'documentation token', text: `aws_session_token = ${random.slice(0, 60)}EXAMPLE${random.slice(60)}\n` },
      { name: 'variable', text: `aws_session_token = \${AWS_SESSION_TOKEN}\n` },
      {
        name: 'SealedSecret encryptedData (YAML)',
        text: `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    AWS_SECRET_ACCESS_KEY: Ag${sealed}\n    AWS_SESSION_TOKEN: Ag${sealed}\n`,
      },
      {
        name: 'SealedSecret encryptedData (JSON)',
        text: `{\n  "kind": "SealedSecret",\n  "spec": {\n    "encryptedData": {\n      "aws_access_key_id": "Ag${sealed}",\n      "aws_session_token": "Ag${sealed}",\n      "SessionToken": "Ag${sealed}"\n    }\n  }\n}\n`,
      },
      {
        name: 'prefix inside a longer run',
        text: `blob = ${random.slice(0, 10)}${['IQoJ', 'b3JpZ2lu'].join('')}${random}\n`,
      },
      {
        name: 'run of slashes without a known header',
        text: `aws_session_token = ${random.slice(0, 20)}${'/'.repeat(10)}${random}\n`,
      },
      {
        name: 'known prefix, then a run of slashes but not the rest of the header',
        text: `aws_session_token = ${['IQoJ', 'b3JpZ2lu'].join('')}${random.slice(0, 8)}${'/'.repeat(10)}${random}\n`,
      },
      {
        name: 'base64 of text',
        text: `aws_session_token = ${Buffer.from(`The session token for ${random.slice(0, 6)} is rotated every hour by the deploy pipeline; ask the platform team for access to the runbook.`).toString('base64')}\n`,
      },
    ];
  },
};

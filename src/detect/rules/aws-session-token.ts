// aws-session-token: the third part of temporary credentials (STS). Found after a name that says so
// (`aws_session_token`, `AWS_SESSION_TOKEN`, `SessionToken`, `aws_security_token`, the
// `X-Amz-Security-Token` query parameter of presigned URLs, URL-encoded or not), or on its own by the
// prefixes STS tokens start with: they are base64 of a fixed binary header (`IQoJb3JpZ2lu` is
// `!\n\torigin`, `FwoGZXIvYXdz` is `\x17\n\x06er/aws`). A generic `sessionToken` (web apps have those
// too) counts only in an AWS-flavoured neighbourhood or with a known prefix.
import { TOKEN, classAt } from '../char-class.js';
import { keywordHits, nameAround, valueStartAfter } from '../assignment.js';
import type { Scope } from '../scope.js';
import { isPlausibleLongToken } from '../shape.js';
import { readToken } from '../token-reader.js';
import { valueEndsAt, valueStartsAt } from './aws-secret-access-key.js';
import type { RuleExamples } from './examples.js';

/** Prefixes of STS session tokens (several generations). Alone they are evidence enough. */
export const SESSION_TOKEN_PREFIXES = ['IQoJb3JpZ2lu', 'AgoJb3JpZ2lu', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz', 'AQoDYXdz'] as const;
const MIN_LABELED = 100;
const MIN_PREFIXED = 64;
const MAX_TOKEN = 16384;

const NOT_AWS_TOKEN = /name|ref|file|path|expir|duration|ttl|header|length|csrf|cookie|timeout|id$|url|endpoint|key$/;

type Strength = 'strong' | 'weak';

function tokenNameStrength(normalized: string, raw: string): Strength | undefined {
  if (!/sessiontoken|securitytoken/.test(normalized) || NOT_AWS_TOKEN.test(normalized)) return undefined;
  if (/aws|amz|amazon/.test(normalized) || /(?:^|[^A-Za-z])SessionToken/.test(raw)) return 'strong';
  return 'weak';
}

function hasKnownPrefix(value: string): boolean {
  return SESSION_TOKEN_PREFIXES.some((p) => value.startsWith(p));
}

function isJwt(text: string, token: { value: string; end: number }): boolean {
  return token.value.startsWith('eyJ') && text.charCodeAt(token.end) === 46;
}

export function scanSessionTokens(scope: Scope): void {
  const { text } = scope;
  for (const word of ['session', 'security']) {
    let lastNameEnd = -1;
    for (const h of keywordHits(text, word)) {
      if (h < lastNameEnd) continue;
      const after = text.slice(h + word.length, h + word.length + 6);
      if (!/^[_\-. ]?(?:token|Token|TOKEN)/.test(after)) continue;
      const name = nameAround(text, h, h + word.length);
      if (!name) {
        lastNameEnd = h + word.length;
        continue;
      }
      lastNameEnd = name.end;
      const strength = tokenNameStrength(name.normalized, name.raw);
      if (!strength) continue;
      const at = valueStartAfter(text, name.end, 20);
      if (at < 0 || !valueStartsAt(text, at)) continue;
      const token = readToken(text, at, { max: MAX_TOKEN, padding: true });
      if (token.value.length < MIN_LABELED || token.value.length > MAX_TOKEN || !valueEndsAt(text, token.end)) continue;
      if (isJwt(text, token) || !isPlausibleLongToken(token.value)) continue;
      if (strength === 'weak' && !hasKnownPrefix(token.value) && !scope.flavour(h)) continue;
      scope.add('token', token.value, token.start, token.end);
    }
  }
  for (const prefix of SESSION_TOKEN_PREFIXES) {
    for (let h = text.indexOf(prefix); h !== -1; h = text.indexOf(prefix, h + 1)) {
      if (classAt(text, h - 1) & TOKEN || !valueStartsAt(text, h)) continue;
      const token = readToken(text, h, { max: MAX_TOKEN, padding: true });
      if (token.value.length < MIN_PREFIXED || token.value.length > MAX_TOKEN || !valueEndsAt(text, token.end)) continue;
      if (!isPlausibleLongToken(token.value)) continue;
      scope.add('token', token.value, token.start, token.end);
    }
  }
}

export const examples: RuleExamples = {
  positives(fake) {
    const t = fake.sessionToken();
    const generic = fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 180) + '==';
    const urlEncoded = t.replace(/\//g, '%2F').replace(/\+/g, '%2B').replace(/=/g, '%3D');
    return [
      { name: 'credentials file', text: `[tmp]\naws_session_token = ${t}\n`, rule: 'aws-session-token', line: 2 },
      { name: 'env var without a known prefix', text: `export AWS_SESSION_TOKEN="${generic}"\n`, rule: 'aws-session-token', line: 1 },
      { name: 'STS JSON', text: `{\n  "Credentials": {\n    "SessionToken": "${generic}"\n  }\n}\n`, rule: 'aws-session-token', line: 3 },
      { name: 'presigned URL, URL-encoded', text: `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${urlEncoded}&X-Amz-Signature=abc\n`, rule: 'aws-session-token', line: 1 },
      { name: 'known prefix alone', text: `// pasted from the console\nconst t = '${t}';\n`, rule: 'aws-session-token', line: 2 },
    ];
  },
  negatives(fake) {
    const random = fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 150);
    return [
      { name: 'short token', text: `aws_session_token = ${random.slice(0, 40)}\n` },
      { name: 'JWT session token of a web app', text: `sessionToken: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${random}.${random.slice(0, 43)}"\n` },
      { name: 'generic sessionToken without AWS around', text: `const sessionToken = "${random}";\n` },
      { name: 'documentation token', text: `aws_session_token = ${random.slice(0, 60)}EXAMPLE${random.slice(60)}\n` },
      { name: 'variable', text: `aws_session_token = \${AWS_SESSION_TOKEN}\n` },
      { name: 'prefix inside a longer run', text: `blob = ${random.slice(0, 10)}${['IQoJ', 'b3JpZ2lu'].join('')}${random}\n` },
    ];
  },
};

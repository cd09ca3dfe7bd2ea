// aws-bedrock-api-key: Amazon Bedrock API keys. Long-term keys are `ABSK` + base64 (109 to 269
// characters; the base64 of `BedrockAPIKey-...`); short-term keys are `bedrock-api-key-` + base64 of a
// presigned request. Both are bearer credentials on their own: the prefix is the evidence.
import { prefixesOf } from '../catalog.js';
import { NAME, TOKEN, classAt } from '../char-class.js';
import type { Scope } from '../scope.js';
import { isPlausibleLongToken } from '../shape.js';
import { readToken } from '../token-reader.js';
import { valueEndsAt } from '../value-bounds.js';
import type { RuleExamples } from './examples.js';

const LONG_TERM_PREFIX = prefixesOf('aws-bedrock-api-key').find((p) => !p.temporary)!.text;
const SHORT_TERM_PREFIX = prefixesOf('aws-bedrock-api-key').find((p) => p.temporary)!.text;
const MIN_BODY = 109;
const MAX_BODY = 269;
const MIN_SHORT_TERM = 40;

/** For the run scanner's quick test: the first character of a long-term key, and its shortest length. */
export const LONG_TERM_FIRST_CHAR = LONG_TERM_PREFIX.charCodeAt(0);
export const LONG_TERM_MIN_LENGTH = LONG_TERM_PREFIX.length + MIN_BODY;
const MAX_SHORT_TERM = 16384;

/** A long-term key at `h` (the start of a run of the base64 alphabet), if the run is one. */
export function longTermKeyAt(scope: Scope, h: number): void {
  const { text } = scope;
  if (!text.startsWith(LONG_TERM_PREFIX, h) || classAt(text, h - 1) & (TOKEN | NAME)) return;
  const token = readToken(text, h, { max: MAX_BODY + 8, padding: true });
  const body = token.value.slice(LONG_TERM_PREFIX.length).replace(/=+$/, '');
  if (body.length < MIN_BODY || body.length > MAX_BODY || !valueEndsAt(text, token.end)) return;
  if (!isPlausibleLongToken(body)) return;
  scope.add('bedrock', token.value, h, token.end);
}

/** Short-term keys: `bedrock-api-key-` + base64. The prefix has dashes, so it is searched directly. */
export function scanShortTermBedrockKeys(scope: Scope): void {
  const { text } = scope;
  for (let h = text.indexOf(SHORT_TERM_PREFIX); h !== -1; h = text.indexOf(SHORT_TERM_PREFIX, h + 1)) {
    if (classAt(text, h - 1) & NAME) continue;
    const token = readToken(text, h + SHORT_TERM_PREFIX.length, { max: MAX_SHORT_TERM, padding: true });
    if (token.value.length < MIN_SHORT_TERM || token.value.length > MAX_SHORT_TERM) continue;
    if (!isPlausibleLongToken(token.value)) continue;
    scope.add('bedrock', SHORT_TERM_PREFIX + token.value, h, token.end);
    h = token.end - 1;
  }
}

export const examples: RuleExamples = {
  positives(fake) {
    return [
      {
        name: 'long-term key in dotenv',
        text: `AWS_BEARER_TOKEN_BEDROCK=${fake.bedrockKey()}\n`,
        rule: 'aws-bedrock-api-key',
        line: 1,
      },
      {
        name: 'long-term key in Python',
        text: `import os\nclient_key = "${fake.bedrockKey()}"\n`,
        rule: 'aws-bedrock-api-key',
        line: 2,
      },
      {
        name: 'short-term key',
        text: `{\n  "token": "${fake.bedrockShortTermKey()}"\n}\n`,
        rule: 'aws-bedrock-api-key',
        line: 2,
      },
    ];
  },
  negatives(fake) {
    const body = fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 60);
    return [
      { name: 'too short', text: `key = ${LONG_TERM_PREFIX}${body}\n` },
      { name: 'prefix inside a word', text: `x = Q${LONG_TERM_PREFIX}${body}${body}\n` },
      { name: 'package name', text: `npm install ${SHORT_TERM_PREFIX}generator\n` },
      { name: 'placeholder', text: `AWS_BEARER_TOKEN_BEDROCK=${LONG_TERM_PREFIX}${'x'.repeat(140)}\n` },
    ];
  },
};

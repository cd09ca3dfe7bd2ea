// aws-access-key-id: a prefix of the catalog (`AKIA` long-term, `ASIA` temporary, `ABIA` STS bearer,
// `ACCA` context specific, the legacy `A3T?`), followed by 16 base32 characters (A-Z2-7), delimited on
// both sides. IAM unique ids (`AIDA`, `AROA`, `AGPA`, `ANPA`, `ANVA`, `AIPA`, `APKA`) identify users and
// roles and are not secrets: their prefixes are simply not searched. Upper-case words that happen to
// start with a prefix (`ASIA` + `PACIFICSINGAPORE`) are base32 too; they are told apart by their
// letters (no digit, many vowels) and then need a label or a secret nearby.
import { prefixesOf } from '../catalog.js';
import { ALNUM, BASE32, DIGIT, SYMBOL, TOKEN, UPPER, classAt, classOf, escapedDelimiterBefore } from '../char-class.js';
import type { Scope } from '../scope.js';
import type { RuleExamples } from './examples.js';

export const KEY_ID_LENGTH = 20;

const PREFIXES = prefixesOf('aws-access-key-id');
/** Every prefix starts with this letter: one comparison rejects almost every run. */
const FIRST = PREFIXES[0]!.text.charCodeAt(0);
if (PREFIXES.some((p) => p.text.charCodeAt(0) !== FIRST))
  throw new Error('key id prefixes must share their first letter');

const PREFIX_TEXTS = PREFIXES.map((p) => p.text);
const PREFIX_PLUS_ONE = PREFIXES.map((p) => p.plusOne === true);

/** The index in `PREFIXES` of the prefix at `h`, or -1. */
function prefixAt(text: string, h: number): number {
  if (text.charCodeAt(h) !== FIRST) return -1;
  for (let k = 0; k < PREFIX_TEXTS.length; k++) if (text.startsWith(PREFIX_TEXTS[k] as string, h)) return k;
  return -1;
}

/**
 * Whether a key id starts at `h`, checked for prefix, alphabet and delimiters. Asked of every run of 20
 * to 22 letters and digits: it reads the text where it is, without a slice.
 */
function keyIdAt(text: string, h: number): boolean {
  const prefix = prefixAt(text, h);
  if (prefix < 0) return false;
  if (classAt(text, h - 1) & ALNUM && !escapedDelimiterBefore(text, h)) return false;
  let i = h + (PREFIX_TEXTS[prefix] as string).length;
  if (PREFIX_PLUS_ONE[prefix]) {
    // A3T + one of A-Z0-9
    if (!(classOf(text.charCodeAt(i)) & (UPPER | DIGIT))) return false;
    i++;
  }
  const end = h + KEY_ID_LENGTH;
  // Real ids are base32; made-up ones in test data often use [A-Z0-9] (acceptKeyId asks them for evidence).
  for (; i < end; i++) if (!(classOf(text.charCodeAt(i)) & (UPPER | DIGIT))) return false;
  if (classAt(text, end) & ALNUM) return false;
  // Between `+`/`/` on both sides it is the middle of a base64 run (a PEM body, a data URI); with a
  // delimiter on one side it is an id next to a path or a secret (`AKIA…/wJal…`, `…/keys/AKIA…`).
  return !(classAt(text, h - 1) & SYMBOL && classAt(text, end) & SYMBOL && insideBlob(text, h, end));
}

/** True when [start, end) sits inside a long base64 run (a PEM body, a data URI, a hash). */
function insideBlob(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > start - 100 && classAt(text, a - 1) & TOKEN) a--;
  let b = end;
  while (b < end + 100 && classAt(text, b) & TOKEN) b++;
  return b - a >= 60 && /[a-z]/.test(text.slice(a, b));
}

// `aws_access_key_id = `, `"AccessKeyId": "`, `accessKey: '`, `key_id=` right before the value.
const KEY_ID_LABEL = /(?:access[_\-. ]?key(?:[_\-. ]?id)?|key[_\-. ]?id)["'`\]]*\s*(?::=|=>|[:=])\s*["'`]?$/i;

/** True when the id at `h` is the value of a field named like an access key id. */
function labelledAsKeyId(text: string, h: number): boolean {
  // The label ends with `:`, `=` or `>`, then spaces and a quote: anything else right before the id
  // (the space between two words of a text, most often) is answered without the regular expression.
  let i = h - 1;
  let c = text.charCodeAt(i);
  if (c === 34 || c === 39 || c === 96) c = text.charCodeAt(--i);
  while (c === 32 || (c >= 9 && c <= 13)) c = text.charCodeAt(--i);
  if (c < 128 && c !== 58 && c !== 61 && c !== 62) return false;
  return KEY_ID_LABEL.test(text.slice(Math.max(0, h - 48), h));
}

/** True when the id's characters after the prefix are all of the base32 alphabet (A-Z2-7). */
function isBase32(text: string, h: number): boolean {
  for (let i = h + 4; i < h + KEY_ID_LENGTH; i++) if (!(classAt(text, i) & BASE32)) return false;
  return true;
}

/**
 * Called by the run scanner for each run of letters and digits 20 to 22 long, with `h` 20 before its
 * end (a run of 21 or 22 is an id behind an escape: `\nAKIA...`, `%3DAKIA...`).
 */
export function acceptKeyId(scope: Scope, h: number): void {
  const { text } = scope;
  if (!keyIdAt(text, h)) return;
  const shape = scope.keyIdShapeAt(text, h + 4);
  if (!shape.plausible) return;
  // Word-like ids and ids with 0, 1, 8 or 9 (not base32: not issued by AWS, but a real credential in
  // someone's test data) need a label or a secret that pairs with them.
  const weak = shape.wordLike || !isBase32(text, h);
  if (weak && !labelledAsKeyId(text, h)) {
    // Counts only if a secret pairs with it; decided once all runs of the text are known.
    scope.wordLikeIds.push(h);
    return;
  }
  scope.add('id', text.slice(h, h + KEY_ID_LENGTH), h, h + KEY_ID_LENGTH, { confidence: weak ? 'medium' : 'high' });
  scope.keyIds.push(h);
}

/**
 * Word-like ids without a label become candidates only when a run long enough to be a secret lies
 * within the pairing window; pairing then decides. (A text of a million upper-case words stays cheap.)
 */
export function settleWordLikeIds(scope: Scope, window: number): void {
  if (scope.wordLikeIds.length === 0) return;
  const { text, valueRuns, valueRunEnds } = scope;
  // Runs of 40 or more: the only ones that can hold a secret (plain, escaped or base64-encoded).
  const long: number[] = [];
  for (let j = 0; j < valueRuns.length; j++)
    if ((valueRunEnds[j] as number) - (valueRuns[j] as number) >= 40) long.push(valueRuns[j] as number);
  let k = 0;
  for (const h of scope.wordLikeIds) {
    while (k < long.length && (long[k] as number) < h - window) k++;
    if (k >= long.length || (long[k] as number) > h + window) continue;
    scope.add('id', text.slice(h, h + KEY_ID_LENGTH), h, h + KEY_ID_LENGTH, {
      confidence: 'medium',
      needsContext: true,
    });
    scope.keyIds.push(h);
  }
  scope.keyIds.sort((a, b) => a - b);
}

export const examples: RuleExamples = {
  positives(fake) {
    const id = fake.keyId();
    const sid = fake.keyId(fake.prefix.session);
    const p = fake.prefix.long;
    return [
      { name: 'shell export', text: `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${id}\n`, rule: 'aws-access-key-id', line: 2 },
      {
        name: 'temporary id in a log line',
        text: `2024-05-01T10:00:00Z INFO assumed role, key ${sid} expires in 3600s\n`,
        rule: 'aws-access-key-id',
        line: 1,
      },
      {
        name: 'bearer prefix in JSON',
        text: `{\n  "id": "${fake.keyId(fake.prefix.bearer)}"\n}\n`,
        rule: 'aws-access-key-id',
        line: 2,
      },
      {
        name: 'context prefix in YAML',
        text: `creds:\n  key: ${fake.keyId(fake.prefix.context)}\n`,
        rule: 'aws-access-key-id',
        line: 2,
      },
      {
        name: 'presigned URL',
        text: `curl 'https://b.s3.amazonaws.com/o?X-Amz-Credential=${id}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request'\n`,
        rule: 'aws-access-key-id',
        line: 1,
      },
      {
        name: 'inside a JSON string after an escaped newline',
        text: `{"env": "REGION=us-east-1\\nKEY=${id}"}\n`,
        rule: 'aws-access-key-id',
        line: 1,
      },
      {
        name: 'end of a URL path',
        text: `GET https://iam.example.com/users/deploy/keys/${id}\n`,
        rule: 'aws-access-key-id',
        line: 1,
      },
      {
        name: 'word-like id with a digit under a label',
        text: `aws_access_key_id = ${fake.prefix.session}PACIFIC${fake.random('234567', 1)}SINGAPOR\n`,
        rule: 'aws-access-key-id',
        line: 1,
      },
      {
        name: 'Hadoop fs.s3a.access.key',
        text: `<property>\n  <name>fs.s3a.access.key</name>\n  <value>${id}</value>\n</property>\n`,
        rule: 'aws-access-key-id',
        line: 3,
      },
      { name: 'Trino s3.access-key', text: `s3.access-key=${id}\n`, rule: 'aws-access-key-id', line: 1 },
      {
        name: 'made-up [A-Z0-9] id under a label',
        text: `aws_access_key_id = ${p}${fake.random('0189', 2)}${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 14)}\n`,
        rule: 'aws-access-key-id',
        line: 1,
      },
      {
        name: 'made-up [A-Z0-9] id as accessKeyId in JSON',
        text: `{\n  "accessKeyId": "${p}${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 14)}${fake.random('0189', 2)}"\n}\n`,
        rule: 'aws-access-key-id',
        line: 2,
      },
      {
        name: 'Markdown code span',
        text: `# Setup\n\nUse the key \`${id}\` for staging.\n`,
        rule: 'aws-access-key-id',
        line: 3,
      },
    ];
  },
  negatives(fake) {
    const id = fake.keyId();
    const p = fake.prefix.long;
    return [
      { name: 'AWS documentation example id', text: `aws_access_key_id = ${p}IOSFODNN7EXAMPLE\n` },
      {
        name: 'id ending in EXAMPLE',
        text: `AWS_ACCESS_KEY_ID=${p}${fake.random('ABCDEFGHJKLMNPQRSTUVWXYZ', 9)}EXAMPLE\n`,
      },
      { name: 'placeholder of X', text: `AWS_ACCESS_KEY_ID=${p}XXXXXXXXXXXXXXXX\n` },
      { name: 'masked with an ellipsis', text: `Key ${p}…${id.slice(-4)} was rotated\n` },
      { name: 'masked with stars', text: `Key ${p}************${id.slice(-4)} was rotated\n` },
      { name: 'IAM unique user id', text: `"UserId": "AIDA${id.slice(4)}"\n` },
      { name: 'IAM unique role id', text: `"RoleId": "AROA${id.slice(4)}"\n` },
      { name: 'upper-case word after a prefix', text: `region_group = ${fake.prefix.session}PACIFICSINGAPORE\n` },
      ...['REPLACEWITHYOURS', 'PLACEHOLDERVALUE', 'TESTKEYFORUNITTS'].map((words) => ({
        name: `placeholder words under a key-id label: ${words}`,
        text: `aws_access_key_id = ${p}${words}\n`,
      })),
      {
        name: 'region words under a key-id label',
        text: `aws_access_key_id = ${fake.prefix.session}PACIFICSINGAPORE\n`,
      },
      { name: 'placeholder id in JSON', text: `{ "AccessKeyId": "${`${p}CHANGEMEINSERTHERE`.slice(0, 20)}" }\n` },
      { name: 'digits outside base32', text: `ref = ${p}0123456789018989\n` },
      {
        name: 'made-up [A-Z0-9] id with no label and no secret',
        text: `ref = ${p}${fake.random('0189', 2)}${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 14)}\n`,
      },
      { name: 'longer run', text: `token = ${id}${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 4)}\n` },
      { name: 'part of a longer word', text: `x = Z${id}\n` },
      { name: 'sequence', text: `AWS_ACCESS_KEY_ID=${p}ABCDEFGHIJKLMNOP\n` },
      { name: 'lower-case run', text: `id = ${p.toLowerCase()}${fake.random('abcdefghijklmnopqrstuvwxyz', 16)}\n` },
      { name: 'ARN and account id', text: `arn:aws:iam::123456789012:user/deploy\naccount: 123456789012\n` },
      {
        name: 'inside a base64 blob',
        text: `-----BEGIN CERTIFICATE-----\n${fake.random('abcdefghijklmnopqrstuvwxyz0123456789', 30)}/${id}/${fake.random('abcdefghijklmnopqrstuvwxyz', 20)}\n-----END CERTIFICATE-----\n`,
      },
    ];
  },
};

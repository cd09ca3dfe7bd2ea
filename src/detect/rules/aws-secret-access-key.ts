// aws-secret-access-key: 40 characters of `A-Za-z0-9/+`, delimited, and never on shape alone (any
// base64 of 30 bytes has that shape). Evidence is one of:
//   - a keyword naming the value: `aws_secret_access_key`, `SecretAccessKey`, `AWS_SECRET`, `aws.secretKey`,
//     `AWS Secret Access Key [None]:` ...; a generic `secret_key` / `secret` only in an AWS-flavoured
//     neighbourhood (an AWS word, a region, an access-key label within ~1500 characters);
//   - a key id a few lines away (no label needed: `new BasicAWSCredentials("AKIA...", "...")`, the IAM
//     console CSV). Such a value is reported only as part of an aws-credential-pair.
// In both cases the value must look random: entropy floor, both letter cases, no 40-hex (SHA-1), no
// placeholder words, no documentation fragments, no sequences.
import { TOKEN, classOf } from '../char-class.js';
import { keywordsOf } from '../catalog.js';
import { forEachKeyword, memoizeByName, nameAround, nameRunEnd, valueStartAfter } from '../assignment.js';
import { csvColumnValues } from '../csv-columns.js';
import { forEachValueStart, scanNotebookOutputs } from '../notebook-outputs.js';
import { RunCursor, type Scope } from '../scope.js';
import { sqlInsertValues, sqlUpdateValues } from '../sql-columns.js';
import { readToken, type Token } from '../token-reader.js';
import { VALUE_WINDOW, valueEndsAt, valueStartsAt } from '../value-bounds.js';
import type { RuleExamples } from './examples.js';

const SECRET_LENGTH = 40;

// Names that hold something about a secret rather than the secret (a name, an ARN, a file, a k8s
// secretKeyRef, a hash, a rule of a scanner), or a token: never the value of an AWS secret key.
const SECRET_METADATA =
  /token|manager|arn|name|ref|path|file|version|type|hash|length|rotation|provider|store|secretid|hint|prompt|label|description|policy|rule|engine|scan|pattern|regex|detect|mount|volume|encrypt|salt|keybase|digest|checksum/;
// Other vendors' secrets, even next to an `aws` word (`gs_secret_access_key` is Google's HMAC key).
const OTHER_VENDOR =
  /minio|azure|google|gcp|gcs|alibaba|aliyun|tencent|huawei|digitalocean|wasabi|backblaze|cloudflare|linode|scaleway|spaces|exoscale|ovh|yandex|^gs|goog/;
// Secrets of another purpose: they exclude a generic name (`client_secret`, `JWT_SECRET`), not an AWS
// one (`APP_AWS_SECRET_ACCESS_KEY` is still the AWS key).
const OTHER_PURPOSE =
  /client|jwt|oauth|webhook|signing|cookie|csrf|consumer|twilio|stripe|github|gitlab|slack|hmac|master|django|rails|flask|session|password|captcha|nextauth|firebase|supabase|sendgrid|mailgun|algolia|pusher|vault|app|api|shared|private|public/;

export type NameStrength = 'strong' | 'weak';

/** How clearly a name (normalized: lower-case letters and digits) designates an AWS secret key. */
const secretNameStrength = memoizeByName((normalized: string): NameStrength | undefined => {
  if (
    !(normalized.includes('secret') || normalized.includes('seckey')) ||
    SECRET_METADATA.test(normalized) ||
    OTHER_VENDOR.test(normalized)
  )
    return undefined;
  // `fs.s3a.secret.key` (Hadoop, Spark), `s3.secret-key` (Trino, Iceberg): the S3 connector's key.
  if (normalized.includes('secretaccesskey') || /aws|amazon|s3[an]?sec/.test(normalized)) return 'strong';
  return OTHER_PURPOSE.test(normalized) ? undefined : 'weak';
});

/**
 * The secret value at `start`: 40 characters (escapes decoded), or base64 that decodes to exactly such
 * a value (a Kubernetes Secret `data:` entry). Undefined otherwise.
 */
export function secretValueAt(text: string, start: number): Token | undefined {
  // A plain run of the alphabet ended by a character that opens no escape (the common case): its
  // length decides, without reading it through the escape decoder.
  let end = start;
  const plainLimit = Math.min(text.length, start + SECRET_LENGTH + 2);
  while (end < plainLimit && classOf(text.charCodeAt(end)) & TOKEN) end++;
  const stop = text.charCodeAt(end);
  if (end < start + SECRET_LENGTH + 2 && stop !== 92 && stop !== 37) {
    if (end - start < SECRET_LENGTH) return undefined;
    if (end - start === SECRET_LENGTH)
      return valueEndsAt(text, end) ? { value: text.slice(start, end), start, end } : undefined;
  }
  const token = readToken(text, start, { max: SECRET_LENGTH + 1 });
  if (token.value.length === SECRET_LENGTH && valueEndsAt(text, token.end)) return token;
  if (token.value.length <= SECRET_LENGTH) return undefined;
  const encoded = readToken(text, start, { max: 61, padding: true });
  if (encoded.value.length < 52 || encoded.value.length > 60 || !valueEndsAt(text, encoded.end)) return undefined;
  const decoded = Buffer.from(encoded.value, 'base64')
    .toString('latin1')
    .replace(/\r?\n$/, '');
  if (decoded.length !== SECRET_LENGTH) return undefined;
  for (let i = 0; i < decoded.length; i++) if (!(classOf(decoded.charCodeAt(i)) & TOKEN)) return undefined;
  return { value: decoded, start, end: encoded.end };
}

/**
 * Terraform/HCL `variable "aws_secret_key" { ... default = "..." }`: the value is the block's default,
 * a few lines below the name (after `type`, `description`, `sensitive`).
 */
function hclDefaultAfter(text: string, name: { start: number; end: number }): number {
  if (
    text.charCodeAt(name.start - 1) !== 34 ||
    !/variable\s+"$/.test(text.slice(Math.max(0, name.start - 16), name.start))
  )
    return -1;
  const block = text.slice(name.end, name.end + 400);
  const close = block.indexOf('}');
  const m = /\bdefault\s*=\s*"/.exec(close === -1 ? block : block.slice(0, close));
  return m ? name.end + m.index + m[0].length : -1;
}

// The keywords a secret's name contains (the catalog's: `secret`, fluentd's `aws_sec_key`).
const SECRET_KEYWORDS = keywordsOf('aws-secret-access-key');

/** Indentation of the line a YAML key at `start` opens (skipping a quote before it), or -1 when the key does not open its line. */
function yamlKeyIndent(text: string, start: number): number {
  let q = start - 1;
  if (text.charCodeAt(q) === 34 || text.charCodeAt(q) === 39) q--;
  let indent = 0;
  while (indent < 80 && text.charCodeAt(q - indent) === 32) indent++;
  return q - indent < 0 || text.charCodeAt(q - indent) === 10 ? indent : -1;
}

/**
 * A YAML key whose value is a mapping with a `Default:` or `Value:` entry a few lines below
 * (CloudFormation `Parameters:` — `ExternalSecretAccessKey:` / `Type: String` / `NoEcho: true` /
 * `Default: ...`). Only lines indented deeper than the key belong to it; at most 6 are read.
 */
function yamlDefaultAfter(text: string, name: { start: number; end: number }): number {
  let p = name.end;
  if (text.charCodeAt(p) === 34 || text.charCodeAt(p) === 39) p++;
  if (text.charCodeAt(p) !== 58 /* : */) return -1;
  p++;
  while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
  if (text.charCodeAt(p) === 13) p++;
  if (text.charCodeAt(p) !== 10) return -1;
  const indent = yamlKeyIndent(text, name.start);
  if (indent < 0) return -1; // the key must open its line
  for (let line = 0; line < 6; line++) {
    const start = p + 1;
    // The line's first 120 characters: its indentation, then `Default:` / `Value:` (also `default`,
    // `value`) with spaces or tabs around the colon and an opening quote after it.
    const limit = Math.min(text.length, start + 120);
    let q = start;
    while (q < limit && text.charCodeAt(q) === 32) q++;
    if (q - start <= indent) return -1;
    let r = defaultWordEnd(text, q, limit);
    if (r >= 0) {
      while (r < limit && isBlank(text.charCodeAt(r))) r++;
      if (r < limit && text.charCodeAt(r) === 58 /* : */) {
        r++;
        while (r < limit && isBlank(text.charCodeAt(r))) r++;
        const c = text.charCodeAt(r);
        return r < limit && (c === 34 || c === 39) ? r + 1 : r;
      }
    }
    p = lineBreakWithin(text, start, start + 200);
    if (p < 0) return -1;
  }
  return -1;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** The end of `Default`, `default`, `Value` or `value` at `p` (before `limit`), or -1. */
function defaultWordEnd(text: string, p: number, limit: number): number {
  const first = text.charCodeAt(p);
  const word = first === 68 || first === 100 ? 'efault' : first === 86 || first === 118 ? 'alue' : undefined;
  if (word === undefined || p + 1 + word.length > limit) return -1;
  return text.startsWith(word, p + 1) ? p + 1 + word.length : -1;
}

/** The offset of the first `\n` at or after `from`, or -1 when there is none up to `last` (inclusive). */
function lineBreakWithin(text: string, from: number, last: number): number {
  const stop = Math.min(text.length - 1, last);
  for (let q = from; q <= stop; q++) if (text.charCodeAt(q) === 10) return q;
  return -1;
}

const YAML_GAP_LINES = 4;
const YAML_GAP_LINE_MAX = 200;

/**
 * A YAML key whose value is on a later line, past comment lines or blank lines:
 * `aws_secret_access_key:` / `  # rotated 2024` / `  <value>`, also as a block scalar (`key: |-`, `key: >`)
 * and with a comment after the colon. The value must open a line indented deeper than the key; at
 * most 4 comment or blank lines may come between.
 */
function yamlValueBelow(text: string, name: { start: number; end: number }): number {
  let p = name.end;
  if (text.charCodeAt(p) === 34 || text.charCodeAt(p) === 39) p++;
  if (text.charCodeAt(p) !== 58 /* : */) return -1;
  p++;
  while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
  // A block scalar header: `|` or `>`, then a chomping indicator and an indentation digit in either order.
  if (text.charCodeAt(p) === 124 || text.charCodeAt(p) === 62) {
    p++;
    for (let k = 0; k < 2 && /[-+1-9]/.test(text[p] ?? ''); k++) p++;
    while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
  }
  if (text.charCodeAt(p) === 35 /* # */) {
    const eol = text.indexOf('\n', p);
    if (eol < 0 || eol - p > YAML_GAP_LINE_MAX) return -1;
    p = eol;
  }
  if (text.charCodeAt(p) === 13) p++;
  if (text.charCodeAt(p) !== 10) return -1;
  const indent = yamlKeyIndent(text, name.start);
  if (indent < 0) return -1;
  for (let line = 0; line <= YAML_GAP_LINES; line++) {
    const start = p + 1;
    let q = start;
    while (q - start < 80 && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
    const c = text.charCodeAt(q);
    if (c === 10 || c === 13 || c === 35) {
      // A blank line or a comment line: the value may still come.
      p = text.indexOf('\n', q);
      if (p < 0 || p - start > YAML_GAP_LINE_MAX) return -1;
      continue;
    }
    if (q - start <= indent) return -1;
    return c === 34 || c === 39 ? q + 1 : q;
  }
  return -1;
}

export function scanLabeledSecrets(scope: Scope): void {
  for (const { word, tailFrom } of SECRET_KEYWORDS) scanSecretKeyword(scope, word, tailFrom);
}

function scanSecretKeyword(scope: Scope, word: string, tailFrom: number): void {
  const { text } = scope;
  const values = new RunCursor(scope.valueRuns);
  const around = new RunCursor(scope.valueRuns);
  forEachKeyword(text, word, tailFrom, (h) => {
    const near = values.any(h - 2, h + VALUE_WINDOW);
    // No value run anywhere a structure could put it: nothing to read (the common case, and every
    // dense pathological one).
    if (!near && !around.any(h - STRUCTURE_REACH, h + STRUCTURE_REACH)) return h + word.length;
    const name = nameAround(text, h, h + word.length);
    if (!name) return nameRunEnd(text, h);
    const strength = secretNameStrength(name.normalized);
    if (!strength) return name.end;
    // A column of an INSERT: its values are in VALUES, at its position (the first literal after the
    // column list may belong to another column).
    const inserted = sqlInsertValues(scope, name.start, name.end);
    if (inserted) {
      for (const start of inserted) reportSecretAt(scope, start, strength, h);
      return name.end;
    }
    if (near) {
      const at = valueStartAfter(text, name.end, 20) ?? -1;
      let start = at >= 0 ? at : hclDefaultAfter(text, name);
      if (start < 0) start = yamlDefaultAfter(text, name);
      if (start < 0) start = yamlValueBelow(text, name);
      if (start >= 0 && reportSecretAt(scope, start, strength, h)) return name.end;
    }
    // The name labels a value elsewhere: its column in a table, its row in an UPDATE.
    const labelStart = name.end - name.raw.length;
    for (const start of csvColumnValues(scope, labelStart, name.end)) reportSecretAt(scope, start, strength, h);
    for (const start of sqlUpdateValues(scope, name.start, name.end)) reportSecretAt(scope, start, strength, h);
    return name.end;
  });
}

/**
 * Reports the secret whose value starts at `start`, if one does, named with `strength` at `nameAt` (a
 * weak name only counts where the text is about AWS); true when it did.
 */
function reportSecretAt(scope: Scope, start: number, strength: NameStrength, nameAt: number): boolean {
  if (!valueStartsAt(scope.text, start)) return false;
  const value = secretValueAt(scope.text, start);
  if (!value || !scope.plausibleSecret(value.value, 'keyword')) return false;
  if (strength === 'weak' && !scope.flavour(nameAt)) return false;
  scope.add('secret', value.value, value.start, value.end, { confidence: strength === 'strong' ? 'high' : 'medium' });
  return true;
}

/** Secrets a notebook's cells print in their outputs when their source names an AWS secret. */
export function scanNotebookSecrets(scope: Scope): void {
  scanNotebookOutputs(scope, {
    strength: secretNameStrength,
    reportValues(start, end, strength, nameAt) {
      forEachValueStart(
        scope.text,
        start,
        end,
        SECRET_LENGTH,
        (at) => void reportSecretAt(scope, at, strength, nameAt),
      );
    },
  });
}

/** Characters around a key id searched for an unlabeled secret; pairing then keeps those within 3 lines. */
export const PAIR_WINDOW_CHARS = 1000;
/**
 * How far from a keyword a value in a structure may be (a table's data rows below its header, the
 * VALUES of an INSERT after its column list, the SET clause of an UPDATE before its WHERE).
 */
const STRUCTURE_REACH = 4096;

/**
 * Unlabeled values near the key ids of this scope (pairing without a label). Windows are scanned once
 * even when they overlap, so the pass stays linear however many ids there are.
 */
export function scanUnlabeledSecrets(scope: Scope): void {
  const { text } = scope;
  const runs = scope.valueRuns;
  let next = 0; // first run not examined yet
  for (const id of scope.keyIds) {
    while (next < runs.length && (runs[next] as number) < id - PAIR_WINDOW_CHARS) next++;
    for (; next < runs.length && (runs[next] as number) <= id + PAIR_WINDOW_CHARS; next++) {
      let at = runs[next] as number;
      // A run may begin inside an escape that ends the previous value: `\n<secret>`, `%3A<secret>`.
      if (text.charCodeAt(at - 1) === 92 && /[ntr]/.test(text[at] ?? '')) at++;
      else if (text.charCodeAt(at - 1) === 37) at += 2;
      if (!valueStartsAt(text, at)) continue;
      const value = secretValueAt(text, at);
      if (value && scope.plausibleSecret(value.value, 'nearby-id'))
        scope.add('secret', value.value, value.start, value.end, { labeled: false });
    }
  }
}

/** `abc...zABC...`: a made-up value of the right length and alphabet. */
function sequence(length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return letters.slice(0, length);
}

export const examples: RuleExamples = {
  positives(fake) {
    const s = fake.secret();
    const jsonEscaped = s.replace(/\//g, '\\/');
    const urlEncoded = s.replace(/\//g, '%2F').replace(/\+/g, '%2B');
    return [
      {
        name: 'dotenv',
        text: `AWS_REGION=eu-west-1\nAWS_SECRET_ACCESS_KEY=${s}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'INI credentials file',
        text: `[default]\nregion = us-east-1\naws_secret_access_key = ${s}\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'JSON with escaped slashes',
        text: `{\n  "SecretAccessKey": "${jsonEscaped}"\n}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'YAML env list, value on the next line',
        text: `env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: "${s}"\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'Terraform secret_key near provider aws',
        text: `provider "aws" {\n  region     = "us-west-2"\n  secret_key = "${s}"\n}\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'Python keyword argument',
        text: `import boto3\ns3 = boto3.client("s3",\n    aws_secret_access_key='${s}')\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'Java properties',
        text: `cloud.aws.credentials.secret-key=${s}\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      {
        name: 'XML element',
        text: `<config>\n  <SecretAccessKey>${s}</SecretAccessKey>\n</config>\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'XML appSettings',
        text: `<appSettings>\n  <add key="AWSSecretKey" value="${s}" />\n</appSettings>\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'plist',
        text: `<dict>\n\t<key>AWSSecretAccessKey</key>\n\t<string>${s}</string>\n</dict>\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'aws configure transcript',
        text: `$ aws configure\nAWS Secret Access Key [None]: ${s}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'Dockerfile ENV without =',
        text: `FROM node:20\nENV AWS_SECRET_ACCESS_KEY ${s}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'URL-encoded query',
        text: `GET /cb?aws_secret_access_key=${urlEncoded}&x=1\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      {
        name: 'Markdown table',
        text: `| Name | Value |\n|---|---|\n| AWS_SECRET_ACCESS_KEY | \`${s}\` |\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'app-prefixed AWS name',
        text: `MYAPP_AWS_SECRET_ACCESS_KEY=${s}\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      { name: 'PowerShell', text: `$env:AWS_SECRET_ACCESS_KEY = "${s}"\n`, rule: 'aws-secret-access-key', line: 1 },
      {
        name: 'Go struct field',
        text: `cfg := Config{\n\tSecretAccessKey: "${s}",\n}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'real-looking secret next to a placeholder id',
        text: `aws_access_key_id = ${fake.prefix.long}REPLACEWITHYOURS\naws_secret_access_key = ${s}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'fluentd aws_sec_key',
        text: `<match **>\n  @type s3\n  aws_sec_key ${s}\n</match>\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'Hadoop core-site.xml fs.s3a.secret.key',
        text: `<property>\n  <name>fs.s3a.secret.key</name>\n  <value>${s}</value>\n</property>\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
      {
        name: 'Spark spark.hadoop.fs.s3a.secret.key',
        text: `spark.hadoop.fs.s3a.secret.key ${s}\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      {
        name: 'Trino/Iceberg s3.secret-key',
        text: `connector.name=iceberg\ns3.secret-key=${s}\n`,
        rule: 'aws-secret-access-key',
        line: 2,
      },
      {
        name: 'legacy Java SDK system property',
        text: `java -Daws.secretKey=${s} -jar app.jar\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      { name: 'legacy AWS_SECRET_KEY', text: `AWS_SECRET_KEY=${s}\n`, rule: 'aws-secret-access-key', line: 1 },
      {
        name: 'CloudFormation parameter Default',
        text: `Parameters:\n  ExternalSecretAccessKey:\n    Type: String\n    NoEcho: true\n    Default: ${s}\n`,
        rule: 'aws-secret-access-key',
        line: 5,
      },
      {
        name: 'shell adjacent double quotes',
        text: `export AWS_SECRET_ACCESS_KEY="${s.slice(0, 20)}""${s.slice(20)}"\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      {
        name: 'shell adjacent single quotes',
        text: `export AWS_SECRET_ACCESS_KEY='${s.slice(0, 13)}''${s.slice(13)}'\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      {
        name: 'letters only, random',
        text: `aws_secret_access_key = ${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 40)}\n`,
        rule: 'aws-secret-access-key',
        line: 1,
      },
      {
        name: 'Kubernetes Secret data (base64)',
        text: `kind: Secret\ndata:\n  AWS_SECRET_ACCESS_KEY: ${Buffer.from(s).toString('base64')}\n`,
        rule: 'aws-secret-access-key',
        line: 3,
      },
    ];
  },
  negatives(fake) {
    const s = fake.secret();
    const hex = fake.random('0123456789abcdef', 40);
    return [
      { name: 'bare 40 characters, no evidence', text: `checksum: ${s}\n` },
      { name: '40-hex hash named secret', text: `aws_secret_access_key = ${hex}\n` },
      { name: 'AWS documentation secret shape', text: `aws_secret_access_key = ${s.slice(0, 30)}EXAMPLEKEY\n` },
      { name: 'placeholder', text: `aws_secret_access_key = <your-secret-access-key>\n` },
      { name: 'shell variable', text: `AWS_SECRET_ACCESS_KEY="\${AWS_SECRET_ACCESS_KEY}"\n` },
      { name: 'GitHub Actions secret', text: `env:\n  AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}\n` },
      { name: 'all one character', text: `aws_secret_access_key=${'x'.repeat(40)}\n` },
      { name: 'stars', text: `aws_secret_access_key=${'*'.repeat(40)}\n` },
      { name: 'redacted', text: `aws_secret_access_key = [REDACTED]\n` },
      { name: 'client secret of another service', text: `GITHUB_CLIENT_SECRET=${s}\n` },
      { name: 'secret_key_base (Rails)', text: `AWS_REGION=us-east-1\nSECRET_KEY_BASE=${s}\n` },
      { name: 'app secret next to AWS settings', text: `AWS_REGION=us-east-1\nAPP_SECRET=${s}\n` },
      { name: 'generic secret_key without any AWS around', text: `# flask\nSECRET_KEY = "${s}"\n` },
      {
        name: 'k8s secretKeyRef',
        text: `- name: AWS_SECRET_ACCESS_KEY\n  valueFrom:\n    secretKeyRef:\n      name: aws\n      key: secret\n`,
      },
      {
        name: 'SOPS encrypted',
        text: `aws_secret_access_key: ENC[AES256_GCM,data:${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 56)},iv:${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 43)}=,type:str]\n`,
      },
      {
        name: 'Vault reference',
        text: `aws_secret_access_key: vault:v1:${fake.random('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 60)}\n`,
      },
      { name: 'sequence', text: `aws_secret_access_key=${sequence(40)}\n` },
      {
        name: 'words',
        text: `aws_secret_access_key=${['This', 'Is', 'Not', 'A', 'Real', 'Key', 'But', 'Looks', 'Like', 'One', 'To', 'You', '123'].join('')}\n`,
      },
      {
        name: 'camelCase words (an identifier)',
        text: `export const AWS_SECRET_ACCESS_KEY = "${['get', 'Loader', 'Vault', 'Instance', 'Config', 'Provider', 'Reso'].join('')}";\n`,
      },
      {
        name: 'camelCase words, not all in the dictionary',
        text: `aws_secret_access_key: ${['make', 'Planet', 'Orange', 'Rocket', 'Silver', 'Market', 'Bridg'].join('')}\n`,
      },
      { name: 'sec_key of something else, nothing about AWS', text: `# gpg\nsec_key ${s}\n` },
      { name: 'other vendor s3-compatible secret', text: `minio.s3.secret-key=${s}\n` },
      {
        name: 'CloudFormation Default of a sibling key',
        text: `Parameters:\n  ExternalSecretAccessKey:\n    Type: String\n  Checksum:\n    Default: ${s}\n`,
      },
      {
        name: 'Node environment variable reference',
        text: `const secretAccessKey = ${['process', 'env'].join('.')}.AWS_SECRET_ACCESS_KEY;\n`,
      },
    ];
  },
};

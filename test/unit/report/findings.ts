// Hand-built located findings for report tests: deterministic and NOT credential-shaped (masked forms
// such as `AKIA…7Q2X`, source lines whose values are a prefix and a run of `x`), so these tests and
// their snapshots do not depend on the detector and never hold anything a scanner would flag. Each
// finding is located in its source line by src/locate.ts, as the scan command locates real ones: the
// snippet is masked there, and the reports get where its masks are from there.
import { maskedKeyIdOf } from '../../../src/detect/mask-value.js';
import type { Finding, MaskedKeyId, RuleId } from '../../../src/detect/types.js';
import { locate } from '../../../src/locate.js';
import type { LocatedFinding, ScanResult, Skipped } from '../../../src/scan-result.js';

export interface FindingInput extends Partial<Omit<Finding, 'secret'>> {
  rule: RuleId;
  line: number;
  column: number;
  endColumn: number;
  masked: string;
  /** The raw value; tests give a harmless stand-in (the real one never reaches a formatter's output). */
  secret?: string;
}

export function finding(input: FindingInput): Finding {
  // One stand-in per value (by where it is and how it is masked): findings that share a raw value are
  // the same credential to the reports' counts.
  const { secret = `stand-in ${input.masked} ${input.line}:${input.column}`, ...rest } = input;
  const f = { confidence: 'high' as const, fingerprint: `fp-${input.rule}-${input.line}`, ...rest };
  Object.defineProperty(f, 'secret', { value: secret, enumerable: false });
  return f as Finding;
}

/** The finding located in a text whose line `f.line` is `sourceLine` (unmasked: its values are stand-ins). */
export function located(path: string, f: FindingInput, sourceLine: string): LocatedFinding {
  const text = `${'\n'.repeat(f.line - 1)}${sourceLine}\n`;
  return locate(path, text, [finding(f)])[0]!;
}

export function result(
  findings: LocatedFinding[],
  options: { source?: ScanResult['source']; skipped?: Skipped[]; scannedFiles?: number } = {},
): ScanResult {
  return {
    source: options.source ?? 'staged',
    findings,
    skipped: options.skipped ?? [],
    scannedFiles: options.scannedFiles ?? new Set(findings.map((f) => f.path)).size,
  };
}

/** A key id's parts as the detector gives them, made from a stand-in of just its two visible ends. */
export const keyId = (prefix: string, last4: string): MaskedKeyId => maskedKeyIdOf(prefix + last4);

/** A stand-in value in a source line: its visible head, then `x` up to `length` characters. */
export const standIn = (head: string, length: number) => head + 'x'.repeat(length - head.length);

/** A key id in a source line (20 characters; the report keeps its first 4). */
export const idInLine = (prefix = 'AKIA') => standIn(prefix, 20);
/** A 40-character secret in a source line. */
export const secretInLine = (head = 'h8Xq') => standIn(head, 40);

// One finding of each kind, as the detector would report them (masked fields only).
export const pairFinding = () =>
  located(
    'config/.env',
    {
      rule: 'aws-credential-pair',
      line: 3,
      column: 19,
      endColumn: 39,
      secretLine: 4,
      secretColumn: 23,
      secretEndColumn: 63,
      masked: 'h8Xq…(40 chars)',
      pairedWith: 'AKIA…7Q2X',
      maskedKeyId: keyId('AKIA', '7Q2X'),
      accountId: '123456789012',
    },
    `AWS_ACCESS_KEY_ID=${idInLine()}`,
  );

export const pairedSecretFinding = () => [
  located(
    'src/settings.py',
    {
      rule: 'aws-access-key-id',
      line: 4,
      column: 15,
      endColumn: 35,
      masked: 'AKIA…M5QA',
      maskedKeyId: keyId('AKIA', 'M5QA'),
      accountId: '210987654321',
    },
    `ACCESS_KEY = "${idInLine()}"`,
  ),
  located(
    'src/settings.py',
    {
      rule: 'aws-secret-access-key',
      line: 5,
      column: 15,
      endColumn: 55,
      masked: 'Zq3v…(40 chars)',
      pairedWith: 'AKIA…M5QA',
      maskedKeyId: keyId('AKIA', 'M5QA'),
      accountId: '210987654321',
    },
    `SECRET_KEY = "${secretInLine('Zq3v')}"`,
  ),
];

export const loneSecretFinding = () =>
  located(
    'deploy/terraform.tfvars',
    {
      rule: 'aws-secret-access-key',
      line: 12,
      column: 26,
      endColumn: 66,
      masked: 'k2Pd…(40 chars)',
      confidence: 'medium',
    },
    `aws_secret_access_key = "${secretInLine('k2Pd')}"`,
  );

export const sessionTokenFinding = () =>
  located(
    '.aws/credentials',
    { rule: 'aws-session-token', line: 5, column: 21, endColumn: 377, masked: 'IQoJ…(356 chars)' },
    // A 356-character token: its snippet is trimmed to 120 characters.
    `aws_session_token = ${standIn('IQoJ', 356)}`,
  );

export const bedrockLongFinding = () =>
  located(
    'app/bedrock.ts',
    { rule: 'aws-bedrock-api-key', line: 8, column: 35, endColumn: 167, masked: 'ABSK…(132 chars)', term: 'long-term' },
    `const client = new Client({ key: '${standIn('ABSK', 132)}' });`,
  );

export const bedrockShortFinding = () =>
  located(
    'notebooks/try.md',
    {
      rule: 'aws-bedrock-api-key',
      line: 21,
      column: 33,
      endColumn: 121,
      masked: 'bedr…(88 chars)',
      term: 'short-term',
    },
    `export AWS_BEARER_TOKEN_BEDROCK=${standIn('bedrock-api-key-', 88)}`,
  );

export const keyIdFinding = () =>
  located(
    'README.md',
    {
      rule: 'aws-access-key-id',
      line: 40,
      column: 9,
      endColumn: 29,
      masked: 'AKIA…B7RD',
      maskedKeyId: keyId('AKIA', 'B7RD'),
      accountId: '555566667777',
    },
    `Key id: ${idInLine()} (old)`,
  );

export const temporaryKeyIdFinding = () =>
  located(
    '.aws/credentials',
    {
      rule: 'aws-access-key-id',
      line: 3,
      column: 21,
      endColumn: 41,
      masked: 'ASIA…T4KE',
      maskedKeyId: keyId('ASIA', 'T4KE'),
    },
    `aws_access_key_id = ${idInLine('ASIA')}`,
  );

// Hand-built located findings for report tests: deterministic and NOT credential-shaped (masked forms
// such as `AKIA…7Q2X` and snippets that are already masked), so these tests and their snapshots do not
// depend on the detector and never hold anything a scanner would flag.
import { maskedKeyIdOf } from '../../../src/detect/mask-value.js';
import type { Finding, MaskedKeyId, RuleId } from '../../../src/detect/types.js';
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

export function located(path: string, f: FindingInput, snippet: string): LocatedFinding {
  return { path, finding: finding(f), snippet };
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

/** `n` masking stars, so snippets are readable in the test source. */
export const stars = (n: number) => '*'.repeat(n);

/** A key id line as the scan command masks it: the first 4 characters kept, 16 stars. */
export const maskedIdInLine = (prefix = 'AKIA') => prefix + stars(16);
/** A 40-character secret as masked in a line. */
export const maskedSecretInLine = (head = 'h8Xq') => head + stars(36);

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
    `AWS_ACCESS_KEY_ID=${maskedIdInLine()}`,
  );

export const pairedSecretFinding = () => [
  located(
    'src/settings.py',
    { rule: 'aws-access-key-id', line: 4, column: 13, endColumn: 33, masked: 'AKIA…M5QA', maskedKeyId: keyId('AKIA', 'M5QA'), accountId: '210987654321' },
    `ACCESS_KEY = "${maskedIdInLine()}"`,
  ),
  located(
    'src/settings.py',
    {
      rule: 'aws-secret-access-key',
      line: 5,
      column: 13,
      endColumn: 53,
      masked: 'Zq3v…(40 chars)',
      pairedWith: 'AKIA…M5QA',
      maskedKeyId: keyId('AKIA', 'M5QA'),
      accountId: '210987654321',
    },
    `SECRET_KEY = "${maskedSecretInLine('Zq3v')}"`,
  ),
];

export const loneSecretFinding = () =>
  located(
    'deploy/terraform.tfvars',
    { rule: 'aws-secret-access-key', line: 12, column: 25, endColumn: 65, masked: 'k2Pd…(40 chars)', confidence: 'medium' },
    `aws_secret_access_key = "${maskedSecretInLine('k2Pd')}"`,
  );

export const sessionTokenFinding = () =>
  located(
    '.aws/credentials',
    { rule: 'aws-session-token', line: 5, column: 21, endColumn: 377, masked: 'IQoJ…(356 chars)' },
    // A 356-character token masked, then trimmed by the scan command to 120 characters.
    `aws_session_token = ${'IQoJ' + stars(96)}…`,
  );

export const bedrockLongFinding = () =>
  located(
    'app/bedrock.ts',
    { rule: 'aws-bedrock-api-key', line: 8, column: 34, endColumn: 166, masked: 'ABSK…(132 chars)', secret: 'ABSK-stand-in' },
    `const client = new Client({ key: '${'ABSK' + stars(50)}…`,
  );

export const bedrockShortFinding = () =>
  located(
    'notebooks/try.md',
    {
      rule: 'aws-bedrock-api-key',
      line: 21,
      column: 32,
      endColumn: 120,
      masked: 'bedr…(88 chars)',
      secret: 'bedrock-api-key-stand-in',
    },
    `export AWS_BEARER_TOKEN_BEDROCK=${'bedr' + stars(84)}`,
  );

export const keyIdFinding = () =>
  located(
    'README.md',
    { rule: 'aws-access-key-id', line: 40, column: 9, endColumn: 29, masked: 'AKIA…B7RD', maskedKeyId: keyId('AKIA', 'B7RD'), accountId: '555566667777' },
    `Key id: ${maskedIdInLine()} (old)`,
  );

export const temporaryKeyIdFinding = () =>
  located(
    '.aws/credentials',
    { rule: 'aws-access-key-id', line: 3, column: 21, endColumn: 41, masked: 'ASIA…T4KE', maskedKeyId: keyId('ASIA', 'T4KE') },
    `aws_access_key_id = ${maskedIdInLine('ASIA')}`,
  );

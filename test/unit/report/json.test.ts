// The JSON report: a stable, versioned schema (docs/json-report.md), masked values only.
import { describe, expect, it } from 'vitest';
import { formatJson, JSON_REPORT_VERSION } from '../../../src/report/json.js';
import { formatReport } from '../../../src/report/index.js';
import { bedrockLongFinding, pairFinding, pairedSecretFinding, result } from './findings.js';

describe('JSON report', () => {
  it('keeps the documented schema', () => {
    const report = JSON.parse(
      formatJson(result([pairFinding(), ...pairedSecretFinding()], { skipped: [{ path: 'x.bin', reason: 'binary' }] })),
    );
    expect(report).toEqual({
      version: JSON_REPORT_VERSION,
      source: 'staged',
      scannedFiles: 2,
      // Three findings: a pair, and a key id with its secret (one access key in two places).
      credentials: 2,
      findings: [
        {
          path: 'config/.env',
          action: 'block',
          line: 3,
          column: 19,
          endColumn: 39,
          secretLine: 4,
          secretColumn: 23,
          secretEndColumn: 63,
          rule: 'aws-credential-pair',
          description: 'AWS access key ID with its secret access key',
          confidence: 'high',
          masked: 'h8Xq…(40 chars)',
          pairedWith: 'AKIA…7Q2X',
          fingerprint: 'fp-aws-credential-pair-3',
          accountId: '123456789012',
        },
        expect.objectContaining({ path: 'src/settings.py', rule: 'aws-access-key-id', masked: 'AKIA…M5QA' }),
        expect.objectContaining({ path: 'src/settings.py', rule: 'aws-secret-access-key', pairedWith: 'AKIA…M5QA' }),
      ],
      skipped: [{ path: 'x.bin', reason: 'binary' }],
      suppressed: [],
    });
    expect(JSON_REPORT_VERSION).toBe(1);
  });

  it('never serializes the raw value, even though the finding holds it', () => {
    const text = formatReport(result([bedrockLongFinding()]), { format: 'json', color: true });
    expect(text).not.toContain('stand-in');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('is valid JSON with an empty result', () => {
    expect(JSON.parse(formatJson(result([])))).toMatchObject({ version: 1, findings: [], skipped: [] });
  });
});

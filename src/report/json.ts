import type { ScanResult } from '../scan-result.js';

/** Version of the JSON report schema (docs/json-report.md). Bump on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

/** The JSON report: the same data as the pretty one, masked. Fields are listed explicitly so nothing raw slips in. */
export function formatJson(result: ScanResult): string {
  const report = {
    version: JSON_REPORT_VERSION,
    findings: result.findings.map(({ path, finding: f }) => ({
      path,
      line: f.line,
      column: f.column,
      endColumn: f.endColumn,
      ...(f.secretLine !== undefined ? { secretLine: f.secretLine } : {}),
      rule: f.rule,
      confidence: f.confidence,
      masked: f.masked,
      ...(f.pairedWith !== undefined ? { pairedWith: f.pairedWith } : {}),
      fingerprint: f.fingerprint,
      ...(f.accountId !== undefined ? { accountId: f.accountId } : {}),
    })),
    skipped: result.skipped.map(({ path, reason }) => ({ path, reason })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

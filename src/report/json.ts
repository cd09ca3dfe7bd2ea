import type { ScanResult } from '../scan-result.js';
import { countCredentials } from './credentials.js';
import { ELEMENTS, indentedJson } from './json-text.js';
import { RULES } from './rules.js';

/** Version of the JSON report schema (docs/json-report.md). Bump on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

/**
 * The JSON report: the same data as the pretty one, masked. Fields are listed explicitly (never a
 * spread of the finding) so nothing raw can slip in; docs/json-report.md documents each one.
 */
export function formatJson(result: ScanResult): string {
  return [...jsonPieces(result)].join('');
}

/** `formatJson`'s text in pieces, made as they are read (json-text.ts). */
export function jsonPieces(result: ScanResult): Iterable<string> {
  const report = {
    version: JSON_REPORT_VERSION,
    source: result.source,
    ...(result.commits !== undefined ? { commits: result.commits } : {}),
    scannedFiles: result.scannedFiles,
    // The findings are places; the same key in three files is one credential (report/credentials.ts).
    credentials: countCredentials(result.findings).credentials,
    findings: ELEMENTS,
    skipped: result.skipped.map(({ path, reason, commit }) => ({
      path,
      ...(commit !== undefined ? { commit } : {}),
      reason,
    })),
    ...(result.binaryScanned
      ? {
          binaryScanned: result.binaryScanned.map(({ path, commit }) => ({
            path,
            ...(commit !== undefined ? { commit } : {}),
          })),
        }
      : {}),
    suppressed: (result.suppressed ?? []).map(({ path, finding: f, by, reason, commit }) => ({
      path,
      ...(commit !== undefined ? { commit } : {}),
      line: f.line,
      column: f.column,
      rule: f.rule,
      masked: f.masked,
      fingerprint: f.fingerprint,
      by,
      ...(reason ? { reason } : {}),
    })),
  };
  return indentedJson(report, result.findings.length, (i) => {
    const { path, finding: f, action, commit } = result.findings[i]!;
    return {
      path,
      ...(commit !== undefined ? { commit } : {}),
      action: action ?? 'block',
      line: f.line,
      column: f.column,
      endColumn: f.endColumn,
      ...(f.secretLine !== undefined ? { secretLine: f.secretLine } : {}),
      ...(f.secretColumn !== undefined ? { secretColumn: f.secretColumn } : {}),
      ...(f.secretEndColumn !== undefined ? { secretEndColumn: f.secretEndColumn } : {}),
      rule: f.rule,
      description: RULES[f.rule]?.short ?? f.rule,
      confidence: f.confidence,
      masked: f.masked,
      ...(f.pairedWith !== undefined ? { pairedWith: f.pairedWith } : {}),
      fingerprint: f.fingerprint,
      ...(f.accountId !== undefined ? { accountId: f.accountId } : {}),
    };
  });
}

// SARIF 2.1.0 as GitHub code scanning reads it:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// Validated in test/unit/report/sarif.test.ts against the OASIS schema (test/fixtures/).
import type { Finding } from '../detect/types.js';
import type { LocatedFinding, ScanResult, SuppressedFinding } from '../scan-result.js';
import { ELEMENTS, indentedJson } from './json-text.js';
import { RULE_ORDER, RULES } from './rules.js';
import { formatAccount } from './text.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/keyguard';
/** The partialFingerprints key: bump the suffix if the fingerprint's definition ever changes. */
export const FINGERPRINT_KEY = 'keyguard/v1';
/** Relative artifact URIs are resolved against the root of the scanned checkout. */
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** keyguard's version, for tool.driver.version. */
  version: string;
  /** Directory the scan ran in: absolute paths inside it become relative URIs. */
  cwd?: string;
}

export function formatSarif(result: ScanResult, options: SarifOptions): string {
  return [...sarifPieces(result, options)].join('');
}

/** `formatSarif`'s text in pieces, made as they are read (json-text.ts). */
export function sarifPieces(result: ScanResult, options: SarifOptions): Iterable<string> {
  const ruleIndex = new Map(RULE_ORDER.map((id, i) => [id, i]));
  // One location per file, shared by its results (a file made of findings has hundreds of thousands).
  const artifacts = new Map<string, ReturnType<typeof artifactLocation>>();
  const artifact = (path: string) => {
    let location = artifacts.get(path);
    if (location === undefined) {
      location = artifactLocation(path, options.cwd);
      artifacts.set(path, location);
    }
    return location;
  };
  const sarifResult = (
    lf: Pick<LocatedFinding, 'path' | 'finding' | 'commit'>,
    level: 'error' | 'warning' | 'note',
  ) => ({
    ruleId: lf.finding.rule,
    ruleIndex: ruleIndex.get(lf.finding.rule) ?? 0,
    level,
    message: { text: message(lf.finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(lf.path),
          region: {
            startLine: lf.finding.line,
            startColumn: lf.finding.column,
            endColumn: lf.finding.endColumn,
          },
        },
      },
    ],
    ...relatedSecret(lf, options.cwd),
    partialFingerprints: { [FINGERPRINT_KEY]: lf.finding.fingerprint },
    properties: {
      confidence: lf.finding.confidence,
      masked: lf.finding.masked,
      ...(lf.finding.accountId !== undefined ? { accountId: lf.finding.accountId } : {}),
      // scan --history: the commit that added it (the location is the path in that commit).
      ...(lf.commit !== undefined ? { commit: lf.commit } : {}),
    },
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyguard',
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: RULE_ORDER.map((id) => {
              const rule = RULES[id];
              return {
                id,
                name: rule.name,
                shortDescription: { text: rule.short },
                fullDescription: { text: rule.full },
                help: { text: stripMarkdown(rule.help), markdown: rule.help },
                defaultConfiguration: { level: 'error' },
                properties: {
                  'security-severity': rule.securitySeverity,
                  precision: 'high',
                  tags: ['security', 'secret', 'aws', 'external/cwe/cwe-798'],
                },
              };
            }),
          },
        },
        results: ELEMENTS,
        invocations: [
          {
            executionSuccessful: true,
            // Skipped files are reported, never dropped silently.
            toolExecutionNotifications: result.skipped.map((s) => ({
              level: 'note',
              message: { text: `Skipped (${s.reason}): not scanned.` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path, options.cwd) } }],
              descriptor: { id: `skipped/${s.reason}` },
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  // The findings, then the suppressed ones.
  const { findings } = result;
  const suppressed = result.suppressed ?? [];
  return indentedJson(log, findings.length + suppressed.length, (i) => {
    if (i < findings.length) {
      const lf = findings[i]!;
      return sarifResult(lf, lf.action === 'warn' ? 'warning' : 'error');
    }
    // Suppressed findings stay visible, marked as suppressed: code scanning lists them as dismissed.
    const s = suppressed[i - findings.length]!;
    return {
      ...sarifResult({ path: s.path, finding: s.finding }, 'note'),
      suppressions: [
        {
          kind: s.by === 'inline' ? 'inSource' : 'external',
          status: 'accepted',
          justification: s.reason || SUPPRESSION_JUSTIFICATION[s.by],
        },
      ],
    };
  });
}

const SUPPRESSION_JUSTIFICATION: Record<SuppressedFinding['by'], string> = {
  inline: 'keyguard:allow comment',
  allow: 'allow pattern in the keyguard configuration',
  baseline: 'known finding in the keyguard baseline',
  'rule-off': 'rule turned off in the keyguard configuration',
};

/** One sentence per result; masked values only. */
function message(f: Finding): string {
  const rule = RULES[f.rule];
  const parts = [`${rule.short}: ${f.masked}`];
  if (f.pairedWith && f.pairedWith !== f.masked) parts.push(`paired with access key ${f.pairedWith}`);
  if (f.secretLine !== undefined && f.secretLine !== f.line) parts.push(`secret on line ${f.secretLine}`);
  if (f.accountId) parts.push(`account ${formatAccount(f.accountId)}`);
  return `${parts.join(', ')}. Deactivate it if it was ever pushed or shared; see the rule help.`;
}

/** For a pair whose secret is on another line, that line as a related location. */
function relatedSecret(lf: Pick<LocatedFinding, 'path' | 'finding'>, cwd: string | undefined) {
  const f = lf.finding;
  if (f.secretLine === undefined || f.secretColumn === undefined || f.secretEndColumn === undefined) return {};
  return {
    relatedLocations: [
      {
        id: 1,
        physicalLocation: {
          artifactLocation: artifactLocation(lf.path, cwd),
          region: { startLine: f.secretLine, startColumn: f.secretColumn, endColumn: f.secretEndColumn },
        },
        message: { text: 'the secret access key' },
      },
    ],
  };
}

/**
 * Paths become URIs: relative ones (what git gives) against %SRCROOT%, absolute ones inside `cwd`
 * made relative, others as file:// URIs. Standard input has no file; it is named `stdin`.
 */
export function artifactLocation(path: string, cwd?: string): { uri: string; uriBaseId?: string } {
  if (path === '-') return { uri: 'stdin' };
  let p = path.replace(/\\/g, '/');
  const root = cwd?.replace(/\\/g, '/').replace(/\/+$/, '');
  if (root && p.startsWith(`${root}/`)) p = p.slice(root.length + 1);
  p = p.replace(/^(\.\/)+/, '');
  const encode = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  if (p.startsWith('/')) return { uri: `file://${encode(p)}` };
  if (/^[A-Za-z]:\//.test(p)) return { uri: `file:///${p.slice(0, 2)}${encode(p.slice(2))}` };
  return { uri: encode(p), uriBaseId: SRCROOT };
}

function stripMarkdown(markdown: string): string {
  return markdown.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1');
}

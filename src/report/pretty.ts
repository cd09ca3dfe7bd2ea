import { createColors } from 'picocolors';
import type { RuleId } from '../detect/types.js';
import type { ScanResult } from '../scan-result.js';

const KIND: Record<RuleId, string> = {
  'aws-access-key-id': 'AWS access key ID',
  'aws-secret-access-key': 'AWS secret access key',
  'aws-session-token': 'AWS session token',
  'aws-bedrock-api-key': 'Amazon Bedrock API key',
  'aws-credential-pair': 'AWS access key ID and secret access key (a working pair)',
};

export interface PrettyOptions {
  color: boolean;
}

/** Human report: what was found, where, masked, then what to do now. */
export function formatPretty(result: ScanResult, { color }: PrettyOptions): string {
  const c = createColors(color);
  const lines: string[] = [];
  const skippedNote =
    result.skipped.length > 0 ? ` (${result.skipped.length} skipped: ${summarizeSkipped(result)})` : '';
  if (result.findings.length === 0) {
    lines.push(`${c.green('✔')} keyguard: no AWS credentials found in ${plural(result.scannedFiles, 'file')}${skippedNote}.`);
    return `${lines.join('\n')}\n`;
  }
  const files = new Set(result.findings.map((f) => f.path)).size;
  const blocked = result.source === 'staged' ? ' Commit blocked.' : '';
  lines.push(
    c.red(c.bold(`✖ keyguard: found ${plural(result.findings.length, 'AWS credential')} in ${plural(files, 'file')}.${blocked}`)),
    '',
  );
  for (const { path, finding: f, snippet } of result.findings) {
    lines.push(`  ${c.bold(`${path}:${f.line}:${f.column}`)}  ${KIND[f.rule]}  ${c.yellow(f.masked)}`);
    if (f.pairedWith) lines.push(`    paired with access key ${f.pairedWith}`);
    if (f.accountId) lines.push(`    AWS account ${formatAccount(f.accountId)}`);
    lines.push(`    ${c.dim('│')} ${snippet}`, '');
  }
  lines.push(c.bold('What to do now'));
  const paths = [...new Set(result.findings.map((f) => f.path))];
  lines.push(
    `  1. Take it out: ${result.source === 'staged' ? paths.map((p) => `git restore --staged ${shellQuote(p)}`).join('; ') : 'remove the value from the file'}.`,
    '     Keep secrets in environment variables, ~/.aws/credentials (outside the repository),',
    '     or AWS Secrets Manager / SSM Parameter Store.',
    '  2. If the key was ever pushed, shared or pasted anywhere, treat it as compromised:',
    '     deactivate it now (aws iam update-access-key --access-key-id <id> --status Inactive),',
    '     create a new one, delete the old one, and check CloudTrail for its use.',
    '  3. Better: no long-lived keys. IAM roles, IAM Identity Center (aws sso login), OIDC for CI.',
    '  4. False positive? Add a `keyguard:allow` comment on the line. `git commit --no-verify`',
    '     skips the check entirely: a last resort.',
  );
  if (result.skipped.length > 0) lines.push('', c.dim(`Skipped ${plural(result.skipped.length, 'file')}: ${summarizeSkipped(result)}.`));
  return `${lines.join('\n')}\n`;
}

function summarizeSkipped(result: ScanResult): string {
  const counts = new Map<string, number>();
  for (const s of result.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
}

export function formatAccount(id: string): string {
  return `${id.slice(0, 4)}-${id.slice(4, 8)}-${id.slice(8)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Quotes a path for a copy-pasteable shell command. */
export function shellQuote(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

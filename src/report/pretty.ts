// The blocked-commit screen: what was found, where, masked, then what to do now. Fits 80 columns.
import { createColors } from 'picocolors';
import {
  blocks,
  ofCommits,
  type LocatedFinding,
  type ScanResult,
  type SkipReason,
  type SuppressedFinding,
} from '../scan-result.js';
import { countCredentials } from './credentials.js';
import { remediation } from './remediation.js';
import { RULES } from './rules.js';
import { formatAccount, plural, printable, shortCommit, wrap } from './text.js';

type Colors = ReturnType<typeof createColors>;

/** The report fits a classic terminal. */
const WIDTH = 80;

/**
 * A server's report (pre-receive) reaches the pusher with `remote: ` in front of every line: it is
 * narrower by that much, so that it still fits.
 */
function widthOf(result: ScanResult): number {
  return result.source === 'pre-receive' ? WIDTH - 'remote: '.length : WIDTH;
}
/** Up to this many findings, each is shown with its (masked) source line; beyond, one line each. */
const DETAIL_LIMIT = 8;
/** In the compact form, findings listed per file before "… and N more". */
const PER_FILE_LIMIT = 5;
/** Files listed before "… and N more files" (the compact form is for many findings: keep it short). */
const FILE_LIMIT = 12;
/** Masked runs longer than this are shortened on screen (a session token is hundreds of characters). */
const MAX_STARS = 36;

export interface PrettyOptions {
  color: boolean;
  /**
   * A passing scan says nothing (what a hook does by default, and `scan --quiet`), except what it let
   * through: findings allowed by a comment, a pattern or the baseline are never silent.
   */
  quiet?: boolean;
}

/** Human report: what was found, where, masked, then what to do now. */
export function formatPretty(result: ScanResult, { color, quiet = false }: PrettyOptions): string {
  const c = createColors(color);
  const lines: string[] = [];
  if (result.findings.length === 0 && quiet) {
    const allowed = suppressedSummary(result, c);
    return allowed.length === 0 ? '' : `${allowed.join('\n')}\n`;
  }
  if (result.findings.length === 0) {
    lines.push(`${c.green('✔')} keyguard: ${cleanHeadline(result)}`);
    lines.push(...suppressedSummary(result, c), ...binarySummary(result, c), ...skippedSummary(result, c));
    return `${lines.join('\n')}\n`;
  }

  const width = widthOf(result);
  const groups = groupByPath(result.findings);
  const blocking = blocks(result);
  const blocked = !blocking
    ? ' Warnings only: not blocking.'
    : result.source === 'staged' || result.source === 'commit-msg'
      ? ' Commit blocked.'
      : result.source === 'push'
        ? ' Push blocked.'
        : result.source === 'pre-receive'
          ? ' Push rejected.'
          : '';
  const commits = new Set(result.findings.map((f) => f.commit)).size;
  const where =
    result.source === 'stdin'
      ? 'standard input'
      : result.source === 'commit-msg'
        ? 'the commit message'
        : ofCommits(result)
          ? `${plural(new Set(result.findings.map((f) => f.path)).size, 'file')} of ${plural(commits, 'commit')}`
          : plural(groups.length, 'file');
  const headline = `${blocking ? '✖' : '⚠'} keyguard: ${credentialsIn(result.findings, where)}.${blocked}`;
  lines.push(blocking ? c.red(c.bold(headline)) : c.yellow(c.bold(headline)), '');

  const detailed = result.findings.length <= DETAIL_LIMIT;
  for (const [path, group] of groups.slice(0, FILE_LIMIT)) {
    const count = group.length > 1 ? c.dim(` (${group.length})`) : '';
    const commit = group[0]?.commit;
    const inCommit = commit === undefined ? '' : c.dim(`  in commit ${shortCommit(commit)}`);
    lines.push(`${c.bold(path === '-' ? 'standard input' : printable(path))}${count}${inCommit}`);
    const shown = detailed ? group : group.slice(0, PER_FILE_LIMIT);
    const locWidth = Math.max(...shown.map((lf) => `${lf.finding.line}:${lf.finding.column}`.length));
    for (const lf of shown) {
      const loc = `${lf.finding.line}:${lf.finding.column}`.padEnd(locWidth);
      const warnOnly = lf.action === 'warn' ? [c.yellow('(warning)')] : [];
      lines.push(
        ...wrap([...warnOnly, ...describe(lf, group, c)], width, `  ${c.dim(loc)}  `, ' '.repeat(locWidth + 4)),
      );
      if (detailed) {
        if (lf.finding.accountId)
          lines.push(`${' '.repeat(locWidth + 4)}account ${formatAccount(lf.finding.accountId)}`);
        lines.push(...renderSnippet(lf, c, locWidth, width));
      }
    }
    if (shown.length < group.length) lines.push(c.dim(`  … and ${group.length - shown.length} more in this file`));
    lines.push('');
  }
  if (groups.length > FILE_LIMIT) {
    const rest = groups.slice(FILE_LIMIT);
    const n = rest.reduce((sum, [, g]) => sum + g.length, 0);
    lines.push(
      ...wrap(
        `… and ${plural(n, 'more finding')} in ${plural(rest.length, 'more file')} (--format json lists them all).`,
        width,
        '',
      ).map((l) => c.dim(l)),
      '',
    );
  }

  lines.push(...remediation(result, c, width));
  const skipped = [...suppressedSummary(result, c), ...binarySummary(result, c), ...skippedSummary(result, c)];
  if (skipped.length > 0) lines.push('', ...skipped);
  return `${lines.join('\n')}\n`;
}

/**
 * "2 AWS credentials in 2 files", or, when a credential is found in more than one place, the two
 * counts: "1 AWS credential in 3 places (3 files)".
 */
function credentialsIn(findings: readonly LocatedFinding[], where: string): string {
  const { credentials, places } = countCredentials(findings);
  const what = plural(credentials, 'AWS credential');
  return credentials === places ? `${what} in ${where}` : `${what} in ${plural(places, 'place')} (${where})`;
}

function cleanHeadline(result: ScanResult): string {
  if (result.source === 'stdin') return 'no AWS credentials in standard input.';
  if (result.source === 'commit-msg') return 'no AWS credentials in the commit message.';
  if (ofCommits(result)) {
    if (!result.commits)
      return result.source === 'push'
        ? 'no commits to push.'
        : result.source === 'pre-receive'
          ? 'no new commits.'
          : 'no commits to scan.';
    const what =
      result.source === 'push' || result.source === 'pre-receive'
        ? `the ${plural(result.commits, 'commit')} being pushed`
        : plural(result.commits, 'commit');
    return `no AWS credentials added by ${what} (${plural(result.scannedFiles, 'changed file')}).`;
  }
  if (result.scannedFiles === 0 && result.skipped.length === 0) {
    return result.source === 'staged' ? 'no staged changes to scan.' : 'no files to scan.';
  }
  const what = result.source === 'staged' ? 'staged file' : 'file';
  return `no AWS credentials in ${plural(result.scannedFiles, what)}.`;
}

/** Findings by file, in order; in a history scan by file and commit (the same file changes in many). */
function groupByPath(findings: readonly LocatedFinding[]): Array<[string, LocatedFinding[]]> {
  const groups = new Map<string, [string, LocatedFinding[]]>();
  for (const lf of findings) {
    const key = lf.commit === undefined ? lf.path : `${lf.commit}\0${lf.path}`;
    const group = groups.get(key);
    if (group) group[1].push(lf);
    else groups.set(key, [lf.path, [lf]]);
  }
  return [...groups.values()];
}

/** What it is, in words, as unbreakable pieces for wrapping: "AWS secret access key wJal…(40 chars), paired with …". */
export function describe(lf: LocatedFinding, sameFile: readonly LocatedFinding[], c: Colors): string[] {
  const f = lf.finding;
  const words = (text: string) => text.split(' ');
  const value = (text: string) => c.yellow(printable(text));
  const kind = RULES[f.rule].kind;
  const maybe = f.confidence === 'medium' ? ['Possible'] : [];
  const key = f.maskedKeyId;
  switch (f.rule) {
    case 'aws-credential-pair': {
      const secretAt =
        f.secretLine === undefined
          ? []
          : f.secretLine === f.line
            ? words('on the same line')
            : words(`on line ${f.secretLine}`);
      const secretMask = key && f.masked !== key.masked ? [value(f.masked)] : [];
      return [
        ...maybe,
        ...words(`${kind}: key ID`),
        value(key?.masked ?? f.pairedWith ?? f.masked),
        ...words('with its secret access key'),
        ...secretMask,
        ...secretAt,
      ];
    }
    case 'aws-secret-access-key': {
      if (!f.pairedWith) return [...maybe, ...words(kind), value(f.masked)];
      const partner = sameFile.find(
        (o) => o !== lf && o.finding.maskedKeyId?.masked === f.pairedWith && o.finding.rule !== 'aws-secret-access-key',
      );
      const partnerLine = partner && partner.finding.line !== f.line ? words(`on line ${partner.finding.line}`) : [];
      return [
        ...maybe,
        ...words(kind),
        `${value(f.masked)},`,
        ...words('paired with access key'),
        value(f.pairedWith),
        ...partnerLine,
      ];
    }
    case 'aws-access-key-id':
      return [...maybe, ...words(kind), value(f.masked), ...(key?.temporary ? words('(temporary, from STS)') : [])];
    case 'aws-bedrock-api-key': {
      return [...maybe, ...words(kind), ...(f.term ? [`(${f.term})`] : []), value(f.masked)];
    }
    default:
      return [...maybe, ...words(kind), value(f.masked)];
  }
}

/**
 * The masked source line under a line-number gutter, with `^` under the finding. The snippet arrives
 * already masked, with where its masked values are (`snippetMasks`, src/locate.ts); printable() keeps
 * every position, since it replaces one UTF-16 unit with one.
 */
function renderSnippet(lf: LocatedFinding, c: Colors, locWidth: number, width: number): string[] {
  const f = lf.finding;
  const snippet = printable(lf.snippet);
  if (snippet.trim() === '') return [];

  // Rebuild the line for the screen, shortening very long masked runs, and remember where ours are.
  let display = '';
  let at = 0;
  const marks: Array<[number, number]> = [];
  for (const { start, end, kept, own } of lf.snippetMasks) {
    const keep = Math.min(kept, end - start);
    display += snippet.slice(at, start);
    const stars = end - start - keep;
    const cut = stars > MAX_STARS && snippet[end] !== '…' ? '…' : '';
    const shown = snippet.slice(start, start + keep) + '*'.repeat(Math.min(stars, MAX_STARS)) + cut;
    if (own) marks.push([display.length, display.length + shown.length]);
    display += shown;
    at = end;
  }
  display += snippet.slice(at);

  // The source line starts in the same column as the description above it.
  const lineNo = String(f.line);
  const numberWidth = Math.max(locWidth + 1, lineNo.length);
  const avail = width - numberWidth - 3;
  let from = 0;
  let text = display;
  if (display.length > avail) {
    const first = marks[0]?.[0] ?? 0;
    from = Math.max(0, Math.min(first - 12, display.length - avail + 1));
    const lead = from > 0 ? '…' : '';
    const room = avail - lead.length;
    const tail = from + room < display.length ? '…' : '';
    text = lead + display.slice(from, from + room - tail.length) + tail;
    from -= lead.length;
  }
  const out = [`${c.dim(`${lineNo.padStart(numberWidth)} │`)} ${text}`];
  if (marks.length > 0) {
    let caret = '';
    for (const [s, e] of marks) {
      const start = Math.max(s - from, caret.length);
      const end = Math.min(e - from, text.length);
      if (end <= start) continue;
      caret += ' '.repeat(start - caret.length) + '^'.repeat(end - start);
    }
    if (caret) out.push(`${c.dim(`${' '.repeat(numberWidth)} │`)} ${c.red(caret)}`);
  }
  return out;
}

const SKIP_WORDS: Record<SkipReason, [string, string]> = {
  binary: ['binary', 'binary'],
  'lfs-pointer': ['Git LFS pointer', 'Git LFS pointers'],
  unreadable: ['unreadable', 'unreadable'],
  'not-a-file': ['not a regular file', 'not regular files'],
  ignored: ['in ignorePaths', 'in ignorePaths'],
};

const SUPPRESSED_WORDS: Record<SuppressedFinding['by'], string> = {
  inline: 'by keyguard:allow',
  allow: 'by an allow pattern',
  baseline: 'by the baseline',
  'rule-off': 'by rules turned off',
};

/** "Not reported: 2 allowed by keyguard:allow, 1 by the baseline (--no-allow shows them)." Never silent. */
function suppressedSummary(result: ScanResult, c: Colors): string[] {
  const suppressed = result.suppressed ?? [];
  if (suppressed.length === 0) return [];
  const counts = new Map<SuppressedFinding['by'], number>();
  for (const s of suppressed) counts.set(s.by, (counts.get(s.by) ?? 0) + 1);
  const parts = [...counts].map(
    ([by, n], i) => `${i === 0 ? plural(n, 'finding') : n} ${i === 0 ? 'allowed ' : ''}${SUPPRESSED_WORDS[by]}`,
  );
  const hint = counts.size === 1 && counts.has('rule-off') ? '' : ' (--no-allow shows them)';
  return wrap(`Not reported: ${parts.join(', ')}${hint}.`, widthOf(result), '').map((l) => c.dim(l));
}

/**
 * "1 binary file scanned for printable text only (key pairs, session tokens, Bedrock keys; positions are
 * byte offsets): app.db." Says what was read of files that have no lines.
 */
function binarySummary(result: ScanResult, c: Colors): string[] {
  const files = result.binaryScanned ?? [];
  if (files.length === 0) return [];
  const names =
    files
      .slice(0, 3)
      .map((f) => printable(f.path))
      .join(', ') + (files.length > 3 ? ', …' : '');
  const text = `${plural(files.length, 'binary file')} scanned for printable text only (key pairs, session tokens, Bedrock keys; positions are byte offsets): ${names}.`;
  return wrap(text, WIDTH, '').map((l) => c.dim(l));
}

/** "Skipped 3 files: 2 binary (a.png, b.bin), 1 Git LFS pointer (c.zip)." Nothing is skipped silently. */
function skippedSummary(result: ScanResult, c: Colors): string[] {
  if (result.skipped.length === 0) return [];
  const byReason = new Map<string, string[]>();
  for (const s of result.skipped) {
    const list = byReason.get(s.reason) ?? [];
    list.push(s.path);
    byReason.set(s.reason, list);
  }
  const parts = [...byReason].map(([reason, paths]) => {
    const [one, many] = SKIP_WORDS[reason as SkipReason] ?? [reason, reason];
    const names = paths.slice(0, 3).map(printable).join(', ') + (paths.length > 3 ? ', …' : '');
    return `${paths.length} ${paths.length === 1 ? one : many} (${names})`;
  });
  return wrap(`Skipped ${plural(result.skipped.length, 'file')}: ${parts.join(', ')}.`, widthOf(result), '').map((l) =>
    c.dim(l),
  );
}

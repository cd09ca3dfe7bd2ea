// Masking lives here and only here (like secretlint's filter-mask-secrets): every other module sees
// masked strings. A Finding's raw value (`secret`, non-enumerable) is read by this file alone. The
// masked form of a value, and the parts of a key id a report may show (`maskedKeyId`), are made by the
// detector (detect/mask-value.ts, which cannot import a report module) and carried by the finding.
import type { Finding } from '../detect/types.js';
import type { SnippetMask } from '../scan-result.js';

const SNIPPET_WIDTH = 120;
/** Characters kept before a masked range when a long line is trimmed around it. */
const SNIPPET_CONTEXT = 20;

/** Ranges [start, end) (0-based) on one line that hold a secret, for masking. */
export function secretRanges(findings: readonly Finding[], line: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const f of findings) {
    if (f.line === line) ranges.push([f.column - 1, f.endColumn - 1]);
    if (f.secretLine === line && f.secretColumn !== undefined && f.secretEndColumn !== undefined) {
      ranges.push([f.secretColumn - 1, f.secretEndColumn - 1]);
    }
  }
  return ranges;
}

/** How many leading characters of a masked range stay visible (the rest become `*`). */
function keptChars(length: number): number {
  return Math.min(4, length);
}

/**
 * The source line with every secret range replaced by `*` (the first 4 characters of a range are kept,
 * like the masked value), trimmed around the first range to a readable width; and where each masked
 * range ended up in the result: sorted by start, each range once, those trimmed out of the snippet left
 * out. A range that is one of `own` is marked as the finding's.
 */
export function maskSnippet(
  text: string,
  ranges: ReadonlyArray<[number, number]>,
  own: ReadonlyArray<[number, number]> = [],
): { text: string; masks: SnippetMask[] } {
  let out = text;
  const masked: Array<[number, number]> = [];
  for (const [start, end] of ranges) {
    if (start < 0 || end > out.length || end <= start) continue;
    const keep = keptChars(end - start);
    out = out.slice(0, start + keep) + '*'.repeat(end - start - keep) + out.slice(end);
    if (!masked.some(([s, e]) => s === start && e === end)) masked.push([start, end]);
  }
  // Tabs become one space each and only line endings are cut from the end: positions do not move.
  out = out.replace(/\t/g, ' ').replace(/[\r\n]+$/, '');
  let from = 0;
  let lead = 0;
  let to = out.length;
  if (out.length > SNIPPET_WIDTH) {
    const first = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) : 0;
    from = Math.max(0, Math.min(first - SNIPPET_CONTEXT, out.length - SNIPPET_WIDTH));
    lead = from > 0 ? 1 : 0;
    to = from + SNIPPET_WIDTH;
    out = (from > 0 ? '…' : '') + out.slice(from, to) + (to < out.length ? '…' : '');
  }
  const masks = masked
    .filter(([start, end]) => start < to && end > from)
    .sort((a, b) => a[0] - b[0])
    .map(([start, end]) => ({
      start: Math.max(start, from) - from + lead,
      end: Math.min(end, to) - from + lead,
      kept: keptChars(end - start),
      own: own.some(([s, e]) => s === start && e === end),
    }));
  return { text: out, masks };
}

/**
 * What makes two findings the same credential: the access key they name (a key id, a pair, a secret
 * paired with a key id; by the masked id, as the remediation tells keys apart) and the secret value
 * they hold. A pair joins its key id and its secret, so a key id in one file and its pair in another
 * are one credential, one key to deactivate and replace. The raw value is read here and stays here:
 * the strings serve as keys of a set in memory, never printed.
 */
export function credentialIdentities(f: Finding): string[] {
  const ids: string[] = [];
  const key = f.maskedKeyId;
  if (key) ids.push(`key ${key.masked}`);
  const raw = (f as { secret?: unknown }).secret;
  // A key id finding's raw value is the key id itself, which the masked id already stands for.
  if (typeof raw === 'string' && raw !== '' && f.rule !== 'aws-access-key-id') ids.push(`value ${raw}`);
  if (ids.length === 0) ids.push(`finding ${f.fingerprint}`);
  return ids;
}

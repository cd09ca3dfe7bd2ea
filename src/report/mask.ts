// Masking lives here and only here (like secretlint's filter-mask-secrets): every other module sees
// masked strings. A Finding's raw value (`secret`, non-enumerable) is read by this file alone. The
// masked form of a value, and the parts of a key id a report may show (`maskedKeyId`), are made by the
// detector (detect/mask-value.ts, which cannot import a report module) and carried by the finding.
import type { Finding } from '../detect/types.js';
import type { SnippetMask } from '../scan-result.js';

const SNIPPET_WIDTH = 120;
/** Characters kept before a masked range when a long line is trimmed around it. */
const SNIPPET_CONTEXT = 20;

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
  const line = maskLine(text, ranges);
  return { text: line.text, masks: line.masks.map((m) => markOwn(m, own)) };
}

/** A mask of `maskLine`, with the range of the line it stands for. */
export interface LineMask {
  start: number;
  end: number;
  kept: number;
  range: readonly [number, number];
}

/** A mask of the line as one finding's snippet shows it: `own` when the range is one of the finding's. */
export function markOwn({ start, end, kept, range }: LineMask, own: ReadonlyArray<[number, number]>): SnippetMask {
  return { start, end, kept, own: own.some(([s, e]) => s === range[0] && e === range[1]) };
}

/**
 * `maskSnippet` without `own`: what every finding on the same line shares. Linear in the line and its
 * ranges (a line may hold hundreds of thousands of key ids): the masked characters are the union of
 * each range past its kept characters, whatever their order, so the ranges are merged and the line is
 * copied once.
 */
export function maskLine(text: string, ranges: ReadonlyArray<[number, number]>): { text: string; masks: LineMask[] } {
  const n = text.length;
  const valid: Array<[number, number]> = [];
  for (const range of ranges) {
    const [start, end] = range;
    if (start < 0 || end > n || end <= start) continue;
    valid.push(range);
  }
  const hidden = valid
    .map(([start, end]): [number, number] => [start + keptChars(end - start), end])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const pieces: string[] = [];
  let copied = 0;
  for (const [a, b] of hidden) {
    if (b <= copied) continue;
    const from = Math.max(a, copied);
    pieces.push(text.slice(copied, from), '*'.repeat(b - from));
    copied = b;
  }
  pieces.push(text.slice(copied));
  // Tabs become one space each and only line endings are cut from the end: positions do not move.
  let out = pieces
    .join('')
    .replace(/\t/g, ' ')
    .replace(/[\r\n]+$/, '');
  let from = 0;
  let lead = 0;
  let to = out.length;
  if (out.length > SNIPPET_WIDTH) {
    // A loop, not Math.min(...): a line may hold more ranges than a call takes arguments.
    let first = ranges.length > 0 ? Number.POSITIVE_INFINITY : 0;
    for (const r of ranges) if (r[0] < first) first = r[0];
    from = Math.max(0, Math.min(first - SNIPPET_CONTEXT, out.length - SNIPPET_WIDTH));
    lead = from > 0 ? 1 : 0;
    to = from + SNIPPET_WIDTH;
    out = (from > 0 ? '…' : '') + out.slice(from, to) + (to < out.length ? '…' : '');
  }
  // Each range once (the first of equal ones), those in the snippet, by start.
  const shown: Array<[number, number]> = [];
  for (const range of valid) {
    const [start, end] = range;
    if (start < to && end > from && !shown.some(([s, e]) => s === start && e === end)) shown.push(range);
  }
  const masks = shown
    .sort((a, b) => a[0] - b[0])
    .map(([start, end]) => ({
      start: Math.max(start, from) - from + lead,
      end: Math.min(end, to) - from + lead,
      kept: keptChars(end - start),
      range: [start, end] as const,
    }));
  return { text: out, masks };
}

/** Where a credential identity comes from: identities of different kinds never match. */
export type IdentityKind = 'key' | 'value' | 'finding';

/**
 * What makes two findings the same credential: the access key they name (a key id, a pair, a secret
 * paired with a key id; by the masked id, as the remediation tells keys apart) and the secret value
 * they hold. A pair joins its key id and its secret, so a key id in one file and its pair in another
 * are one credential, one key to deactivate and replace. The raw value is read here and stays here:
 * the strings serve as keys of a set in memory, never printed. Given to `each` one by one (one or two
 * per finding), with their kind, and no string made for them.
 */
export function credentialIdentities(f: Finding, each: (kind: IdentityKind, id: string) => void): void {
  const key = f.maskedKeyId;
  if (key) each('key', key.masked);
  const raw = (f as { secret?: unknown }).secret;
  // A key id finding's raw value is the key id itself, which the masked id already stands for.
  const value = typeof raw === 'string' && raw !== '' && f.rule !== 'aws-access-key-id';
  if (value) each('value', raw);
  if (!key && !value) each('finding', f.fingerprint);
}

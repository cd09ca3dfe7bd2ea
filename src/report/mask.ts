import type { Finding } from '../detect/types.js';

const SNIPPET_WIDTH = 120;

/** Key ids keep their 4-letter prefix and last 4 characters, which is what the IAM console shows. */
export function maskKeyId(id: string): string {
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** Secrets keep at most their first 4 characters, and say their length. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 5)))}…(${secret.length} chars)`;
}

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

/**
 * The source line with every secret range replaced by `*` (the first 4 characters of a range are kept,
 * like the masked value), trimmed around the first range to a readable width.
 */
export function maskLine(text: string, ranges: ReadonlyArray<[number, number]>): string {
  let out = text;
  for (const [start, end] of ranges) {
    if (start < 0 || end > out.length || end <= start) continue;
    const keep = Math.min(4, end - start);
    out = out.slice(0, start + keep) + '*'.repeat(end - start - keep) + out.slice(end);
  }
  out = out.replace(/\t/g, ' ').replace(/[\r\n]+$/, '');
  if (out.length <= SNIPPET_WIDTH) return out;
  const first = ranges.length > 0 ? Math.min(...ranges.map((r) => r[0])) : 0;
  const from = Math.max(0, Math.min(first - 20, out.length - SNIPPET_WIDTH));
  return (from > 0 ? '…' : '') + out.slice(from, from + SNIPPET_WIDTH) + (from + SNIPPET_WIDTH < out.length ? '…' : '');
}

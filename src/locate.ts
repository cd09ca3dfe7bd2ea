// Findings on a text -> located findings: each with its source line masked (the snippet the reports
// show) and where the masked values sit in it, so no report has to search a snippet for them.
import type { Config } from './config/config.js';
import { ruleAction } from './config/suppress.js';
import type { Finding } from './detect/types.js';
import { maskSnippet, secretRanges } from './report/mask.js';
import type { LocatedFinding, SnippetMask } from './scan-result.js';

/**
 * Turns the detector's findings on one text into located findings with masked snippets. The lines are
 * found in one pass over the text, and a long line is clipped around its secrets before masking, so a
 * finding in a 50 MB minified line costs a few hundred characters, not copies of the line.
 */
export function locate(path: string, text: string, findings: readonly Finding[], config?: Config): LocatedFinding[] {
  const spans = lineSpans(
    text,
    findings.map((f) => f.line),
  );
  return findings.map((finding) => {
    const { snippet, masks } = snippetOf(
      text,
      spans.get(finding.line) ?? [0, 0],
      secretRanges(findings, finding.line),
      ownRanges(finding),
    );
    return {
      path,
      finding,
      snippet,
      snippetMasks: masks,
      ...(config && ruleAction(config, finding) === 'warn' ? { action: 'warn' as const } : {}),
    };
  });
}

/** Start and end (without the line ending) of each wanted 1-based line, in one pass over `text`. */
export function lineSpans(text: string, lines: readonly number[]): Map<number, [number, number]> {
  const spans = new Map<number, [number, number]>();
  let line = 1;
  let start = 0;
  for (const wanted of [...new Set(lines)].sort((a, b) => a - b)) {
    while (line < wanted && start <= text.length) {
      const next = text.indexOf('\n', start);
      start = next === -1 ? text.length + 1 : next + 1;
      line++;
    }
    if (start > text.length) {
      spans.set(wanted, [text.length, text.length]);
      continue;
    }
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    spans.set(wanted, [start, end]);
  }
  return spans;
}

/** The ranges (0-based columns of its line) that are the finding's own: its value, and a pair's secret on the same line. */
function ownRanges(f: Finding): Array<[number, number]> {
  const own: Array<[number, number]> = [[f.column - 1, f.endColumn - 1]];
  if (f.secretLine === f.line && f.secretColumn !== undefined && f.secretEndColumn !== undefined) {
    own.push([f.secretColumn - 1, f.secretEndColumn - 1]);
  }
  return own;
}

/** Characters of context kept on each side of the secrets when a long line is clipped. */
const CLIP_CONTEXT = 256;

function snippetOf(
  text: string,
  [start, end]: [number, number],
  ranges: Array<[number, number]>,
  own: Array<[number, number]>,
): { snippet: string; masks: SnippetMask[] } {
  let from = start;
  let to = end;
  if (end - start > 4 * CLIP_CONTEXT && ranges.length > 0) {
    // Every range on the line stays inside the clip, so every secret on it is still masked.
    const first = ranges.reduce((m, r) => Math.min(m, r[0]), Infinity);
    const last = ranges.reduce((m, r) => Math.max(m, r[1]), 0);
    from = Math.max(start, start + first - CLIP_CONTEXT);
    to = Math.min(end, start + last + CLIP_CONTEXT);
  }
  const prefix = from > start ? '…' : '';
  const shift = from - start - prefix.length;
  const clipped = `${prefix}${text.slice(from, to)}${to < end ? '…' : ''}`;
  const moved = (rs: Array<[number, number]>) => rs.map(([a, b]): [number, number] => [a - shift, b - shift]);
  const { text: snippet, masks } = maskSnippet(clipped, moved(ranges), moved(own));
  return { snippet, masks };
}

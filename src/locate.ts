// Findings on a text -> located findings: each with its source line masked (the snippet the reports
// show) and where the masked values sit in it, so no report has to search a snippet for them.
import type { Config } from './config/config.js';
import { ruleAction } from './config/suppress.js';
import type { Finding } from './detect/types.js';
import { type LineMask, markOwn, maskLine } from './report/mask.js';
import type { LocatedFinding } from './scan-result.js';

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
  const ranges = rangesByLine(findings);
  // Every finding on a line shows the same masked line; only which masks are its own differs.
  const lines = new Map<number, MaskedLine>();
  return findings.map((finding) => {
    let line = lines.get(finding.line);
    if (line === undefined) {
      line = maskedLine(text, spans.get(finding.line) ?? [0, 0], ranges.get(finding.line) ?? []);
      lines.set(finding.line, line);
    }
    const own = ownRanges(finding, line.shift);
    return {
      path,
      finding,
      snippet: line.snippet,
      snippetMasks: line.masks.map((m) => markOwn(m, own)),
      ...(config && ruleAction(config, finding) === 'warn' ? { action: 'warn' as const } : {}),
    };
  });
}

/**
 * The ranges (0-based columns) that hold a value on each line, in the order of the findings (a
 * finding's own range, then a pair's secret): found in one pass, not one pass over every finding per
 * finding, which a file made of findings (hundreds of thousands of key ids) would make quadratic.
 */
function rangesByLine(findings: readonly Finding[]): Map<number, Array<[number, number]>> {
  const byLine = new Map<number, Array<[number, number]>>();
  const add = (line: number, range: [number, number]): void => {
    const list = byLine.get(line);
    if (list === undefined) byLine.set(line, [range]);
    else list.push(range);
  };
  for (const f of findings) {
    add(f.line, [f.column - 1, f.endColumn - 1]);
    if (f.secretLine !== undefined && f.secretColumn !== undefined && f.secretEndColumn !== undefined)
      add(f.secretLine, [f.secretColumn - 1, f.secretEndColumn - 1]);
  }
  return byLine;
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

/**
 * The ranges that are the finding's own (its value, and a pair's secret on the same line), as 0-based
 * columns of its line less `shift` (where its snippet starts).
 */
function ownRanges(f: Finding, shift: number): Array<[number, number]> {
  const own: Array<[number, number]> = [[f.column - 1 - shift, f.endColumn - 1 - shift]];
  if (f.secretLine === f.line && f.secretColumn !== undefined && f.secretEndColumn !== undefined) {
    own.push([f.secretColumn - 1 - shift, f.secretEndColumn - 1 - shift]);
  }
  return own;
}

/** Characters of context kept on each side of the secrets when a long line is clipped. */
const CLIP_CONTEXT = 256;

/** A line with its values masked: the snippet, its masks, and its offset from the line's start. */
interface MaskedLine {
  snippet: string;
  masks: LineMask[];
  shift: number;
}

function maskedLine(text: string, [start, end]: [number, number], ranges: Array<[number, number]>): MaskedLine {
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
  const { text: snippet, masks } = maskLine(
    clipped,
    ranges.map(([a, b]): [number, number] => [a - shift, b - shift]),
  );
  return { snippet, masks, shift };
}

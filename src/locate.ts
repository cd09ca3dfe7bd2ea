// Findings on a text -> located findings: each with its source line masked (the snippet the reports
// show) and where the masked values sit in it, so no report has to search a snippet for them.
import type { Config } from './config/config.js';
import { ruleAction } from './config/suppress.js';
import type { Finding } from './detect/types.js';
import { type LineMask, markOwn, maskLine } from './report/mask.js';
import type { LocatedFinding, SnippetMask } from './scan-result.js';

/** What `record` adds to each located finding: a binary file's findings moved to byte offsets, the commit. */
export interface LocateExtra {
  /** The finding the located finding carries (its snippet is made from the one the text was scanned for). */
  at?: (finding: Finding) => Finding;
  commit?: string;
}

/**
 * Turns the detector's findings on one text into located findings with masked snippets. A snippet is
 * made when it is first read (`snippet`, `snippetMasks`: enumerable own properties, read like data, that
 * become data once read): a file made of findings has hundreds of thousands of them, and the reports
 * show a few (the JSON and SARIF reports none). The lines are found in one pass over the text, and a
 * long line is clipped around its secrets before masking, so a finding in a 50 MB minified line costs a
 * few hundred characters, not copies of the line.
 */
export function locate(
  path: string,
  text: string,
  findings: readonly Finding[],
  config?: Config,
  extra: LocateExtra = {},
): LocatedFinding[] {
  const source = new SnippetSource(text, findings);
  const { at, commit } = extra;
  const located: LocatedFinding[] = new Array(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i]!;
    const lf = { path, finding: at ? at(finding) : finding } as Lazy;
    Object.defineProperties(lf, LAZY);
    lf[SOURCE] = source;
    lf[SCANNED] = finding;
    if (config && ruleAction(config, finding) === 'warn') lf.action = 'warn';
    if (commit !== undefined) lf.commit = commit;
    located[i] = lf;
  }
  // A lazy snippet keeps the whole text alive for as long as the finding lives (a history scan keeps
  // every finding to the end). Where the findings are few for the text's size, their snippets are made
  // now and the text let go: what a finding keeps stays bounded by LAZY_TEXT_PER_FINDING.
  if (text.length > LAZY_TEXT_PER_FINDING * findings.length) {
    for (const lf of located as Lazy[]) {
      void lf.snippet;
      void lf.snippetMasks;
      lf[SOURCE] = undefined as unknown as SnippetSource;
    }
  }
  return located;
}

/** Characters of text a located finding may keep alive until its snippet is read (see `locate`). */
const LAZY_TEXT_PER_FINDING = 4096;

const SOURCE = Symbol('snippet source');
const SCANNED = Symbol('scanned finding');

/** A located finding whose snippet is not made yet: where to make it from. */
type Lazy = LocatedFinding & { [SOURCE]: SnippetSource; [SCANNED]: Finding };

/** Replaces a lazy property by a plain data property holding `value`, in its place among the keys. */
function settle(lf: LocatedFinding, key: 'snippet' | 'snippetMasks', value: unknown): void {
  Object.defineProperty(lf, key, { value, writable: true, enumerable: true, configurable: true });
}

// Shared by every located finding (one hidden class for all of them): the getters make the value from
// the finding's line, the setters take a value given instead.
const LAZY: PropertyDescriptorMap = {
  snippet: {
    get(this: Lazy): string {
      const snippet = this[SOURCE].line(this[SCANNED].line).snippet;
      settle(this, 'snippet', snippet);
      return snippet;
    },
    set(this: Lazy, value: string) {
      settle(this, 'snippet', value);
    },
    enumerable: true,
    configurable: true,
  },
  snippetMasks: {
    get(this: Lazy): SnippetMask[] {
      const scanned = this[SCANNED];
      const line = this[SOURCE].line(scanned.line);
      const own = ownRanges(scanned, line.shift);
      const masks = line.masks.map((m) => markOwn(m, own));
      settle(this, 'snippetMasks', masks);
      return masks;
    },
    set(this: Lazy, value: SnippetMask[]) {
      settle(this, 'snippetMasks', value);
    },
    enumerable: true,
    configurable: true,
  },
  [SOURCE]: { value: undefined, writable: true, enumerable: false, configurable: true },
  [SCANNED]: { value: undefined, writable: true, enumerable: false, configurable: true },
};

/**
 * One text and its findings: each line that holds a finding, masked once for all the findings on it
 * (only every finding on the line knows its own masks), made when a snippet on it is first read.
 */
class SnippetSource {
  private spans: Map<number, [number, number]> | undefined;
  private ranges: Map<number, Array<[number, number]>> | undefined;
  private readonly lines = new Map<number, MaskedLine>();

  constructor(
    private readonly text: string,
    private readonly findings: readonly Finding[],
  ) {}

  line(n: number): MaskedLine {
    let line = this.lines.get(n);
    if (line === undefined) {
      this.spans ??= lineSpans(
        this.text,
        this.findings.map((f) => f.line),
      );
      this.ranges ??= rangesByLine(this.findings);
      line = maskedLine(this.text, this.spans.get(n) ?? [0, 0], this.ranges.get(n) ?? []);
      this.lines.set(n, line);
    }
    return line;
  }
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

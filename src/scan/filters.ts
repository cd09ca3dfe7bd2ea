// What the user has said is fine (the configuration, the baseline, inline markers, `--no-allow`), and
// recording one text's findings into a scan result once that is applied.
import { relative, resolve, sep } from 'node:path';
import type { Baseline } from '../config/baseline.js';
import type { Config } from '../config/config.js';
import { loadBaseline, loadConfig, type FileReader } from '../config/load-config.js';
import { suppress } from '../config/suppress.js';
import type { Finding } from '../detect/types.js';
import { lineSpans, locate } from '../locate.js';
import type { ScanResult } from '../scan-result.js';

/**
 * What the user has said is fine: the configuration, the baseline, `--no-allow`. Paths are
 * matched relative to `root`, the top of the repository.
 */
export interface Filters {
  config: Config;
  baseline: Baseline | undefined;
  noAllow: boolean;
  root: string;
  ignored: (repoPath: string) => boolean;
}

export async function loadFilters(
  read: FileReader,
  root: string,
  options: { noAllow?: boolean; noBaseline?: boolean } = {},
): Promise<Filters> {
  const config = await loadConfig(read);
  const baseline = options.noBaseline ? undefined : await loadBaseline(read, config);
  const ignored =
    config.ignorePaths.length === 0
      ? () => false
      : (await import('../config/path-matcher.js')).pathMatcher(config.ignorePaths);
  return { config, baseline, noAllow: options.noAllow === true, root, ignored };
}

/** The path relative to the repository top, with `/` separators: what ignorePaths and the baseline use. */
export function repoPath(filters: Filters, path: string, cwd: string): string {
  return relative(filters.root, resolve(cwd, path)).split(sep).join('/');
}

/**
 * The lines inline allow markers can be on (each finding's lines and the ones above them), found in one
 * pass; undefined when the text has no marker, which is the common case.
 */
function markerLines(text: string, findings: readonly Finding[]): ((line: number) => string | undefined) | undefined {
  if (!text.includes('keyguard:allow')) return undefined;
  const wanted = findings.flatMap((f) => [
    f.line,
    f.line - 1,
    ...(f.secretLine !== undefined ? [f.secretLine, f.secretLine - 1] : []),
  ]);
  const spans = lineSpans(
    text,
    wanted.filter((n) => n >= 1),
  );
  return (line) => {
    const span = spans.get(line);
    return span && text.slice(span[0], span[1]);
  };
}

/** Suppresses what the user allowed and records the rest: one text's findings into the result. */
export function record(
  result: ScanResult,
  path: string,
  text: string,
  findings: readonly Finding[],
  filters: Filters | undefined,
  where: { repoPath: string; oldPath?: string; commit?: string; offsets?: readonly number[] },
): void {
  const extra = {
    ...(where.offsets ? { at: atByteOffsets(where.offsets) } : {}),
    ...(where.commit === undefined ? {} : { commit: where.commit }),
  };
  // One push per finding: spreading a file's findings into one push call passes each as an argument, and
  // a file made of findings (hundreds of thousands) overflows the stack.
  if (!filters || findings.length === 0) {
    for (const f of locate(path, text, findings, undefined, extra)) result.findings.push(f);
    return;
  }
  const { kept, suppressed } = suppress(where.repoPath, where.oldPath, findings, markerLines(text, findings), filters);
  for (const f of locate(path, text, kept, filters.config, extra)) result.findings.push(f);
  if (suppressed.length > 0) {
    const at = extra.at ?? ((f: Finding) => f);
    const inCommit = where.commit === undefined ? {} : { commit: where.commit };
    const into = (result.suppressed ??= []);
    for (const s of suppressed) into.push({ ...s, finding: at(s.finding), path, ...inCommit });
  }
}

/**
 * A binary file has no lines: a finding in its printable runs (one run per line of the scanned text) is
 * placed at its byte offset, as line 1 and column offset + 1, which is where a hex editor shows it.
 * The copy keeps the finding's non-enumerable raw values (masking and remediation read them).
 */
function atByteOffsets(offsets: readonly number[]): (finding: Finding) => Finding {
  const column = (line: number, col: number): number => (offsets[line - 1] ?? 0) + col;
  return (finding) => {
    const moved = Object.create(Object.getPrototypeOf(finding), Object.getOwnPropertyDescriptors(finding)) as Finding &
      Record<string, unknown>;
    moved.line = 1;
    moved.column = column(finding.line, finding.column);
    moved.endColumn = column(finding.line, finding.endColumn);
    if (finding.secretLine !== undefined) {
      moved.secretLine = 1;
      if (finding.secretColumn !== undefined) moved.secretColumn = column(finding.secretLine, finding.secretColumn);
      if (finding.secretEndColumn !== undefined)
        moved.secretEndColumn = column(finding.secretLine, finding.secretEndColumn);
    }
    return moved;
  };
}

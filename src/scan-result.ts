import type { Finding } from './detect/types.js';

/** A finding located in a file (or `-` for standard input), ready for reporting. */
export interface LocatedFinding {
  path: string;
  finding: Finding;
  /** The source line of the finding with every secret on it masked, trimmed to a readable width. */
  snippet: string;
  /**
   * Where the masked values sit in `snippet`, made with it (src/locate.ts), so a report marks them
   * without searching the snippet for runs of `*`.
   */
  snippetMasks: SnippetMask[];
  /** What the configuration says this finding does: block (the default) or only warn. */
  action?: 'block' | 'warn';
  /** `scan --history`: the commit that added it (full id). */
  commit?: string;
  /** `scan --history`, a `.env` file: its name in HEAD, when later commits renamed it. */
  renamedTo?: string;
}

/** One masked value in a snippet. */
export interface SnippetMask {
  /** [start, end) in the snippet's UTF-16 units; `end` stops at the snippet's trimming `…` if it cuts the value. */
  start: number;
  end: number;
  /** How many leading characters are shown as they are (the rest are `*`). */
  kept: number;
  /** The value is this finding's own (a key id, a secret, a pair's secret on the same line), not a neighbour's. */
  own: boolean;
}

/** A finding the user has said is fine: counted and listed in every report, never silently dropped. */
export interface SuppressedFinding {
  path: string;
  finding: Finding;
  /** inline: a keyguard:allow comment; allow: a configured regex; baseline: a known finding; rule-off: the rule is turned off. */
  by: 'inline' | 'allow' | 'baseline' | 'rule-off';
  /** The reason written after `keyguard:allow`, or ''. */
  reason: string;
  /** `scan --history`: the commit that added it (full id). */
  commit?: string;
}

export type SkipReason = 'binary' | 'lfs-pointer' | 'unreadable' | 'not-a-file' | 'ignored';

export interface Skipped {
  path: string;
  reason: SkipReason;
  /** `scan --history`: the commit whose version of the file was skipped. */
  commit?: string;
}

/** What a scan produced: the input of every report format. */
export interface ScanResult {
  /**
   * What was scanned, for the headline: 'staged' changes, 'files', standard input, the commits of a range
   * ('history'), the commits a push sends ('push', the pre-push hook), the commits a server receives
   * ('pre-receive', the server's hook: the report is read on the pusher's terminal) or a commit message
   * ('commit-msg', the commit-msg hook).
   */
  source: 'staged' | 'files' | 'stdin' | 'history' | 'push' | 'pre-receive' | 'commit-msg';
  /** `history`, `push` and `pre-receive`: how many commits were scanned. */
  commits?: number;
  findings: LocatedFinding[];
  skipped: Skipped[];
  scannedFiles: number;
  /** Findings dropped by inline allow comments, allow regexes, the baseline or rules turned off. */
  suppressed?: SuppressedFinding[];
  /**
   * Binary files (counted in `scannedFiles`) whose printable runs were scanned with the high-confidence
   * rules only; their findings are at line 1, column = byte offset + 1.
   */
  binaryScanned?: Array<{ path: string; commit?: string }>;
  /** `push` with findings: what `git rebase -i` starts from to edit the commits that added them. */
  rebaseOnto?: string;
}

/** Whether the findings were added by commits (each one names its commit). */
export function ofCommits(result: ScanResult): boolean {
  return result.source === 'history' || result.source === 'push' || result.source === 'pre-receive';
}

/** Whether a result blocks the commit (exit 1): any finding that is not warn-only. */
export function blocks(result: ScanResult): boolean {
  return result.findings.some((f) => f.action !== 'warn');
}

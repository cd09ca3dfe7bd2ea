import type { Finding } from './detect/types.js';

/** A finding located in a file (or `-` for standard input), ready for reporting. */
export interface LocatedFinding {
  path: string;
  finding: Finding;
  /** The source line of the finding with every secret on it masked, trimmed to a readable width. */
  snippet: string;
}

export type SkipReason = 'binary' | 'lfs-pointer' | 'unreadable' | 'not-a-file';

export interface Skipped {
  path: string;
  reason: SkipReason;
}

/** What a scan produced: the input of every report format. */
export interface ScanResult {
  /** What was scanned, for the headline: 'staged' changes or 'files'. */
  source: 'staged' | 'files' | 'stdin';
  findings: LocatedFinding[];
  skipped: Skipped[];
  scannedFiles: number;
}

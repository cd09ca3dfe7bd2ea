// Placeholder until issue 3 lands: the contract the scan command is written against.
import type { SkipReason } from '../scan-result.js';

export type StagedEntry =
  | { kind: 'text'; path: string; text: string; addedLines: ReadonlySet<number> }
  | { kind: 'skipped'; path: string; reason: SkipReason };

export interface StagedOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function* readStagedChanges(_options: StagedOptions): AsyncGenerator<StagedEntry> {
  throw new Error('reading staged changes is not implemented yet');
}

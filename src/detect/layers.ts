// Text inside text: base64 runs that decode to text (base64-layer.ts) and string literals split with
// a concatenation operator (joined-literals.ts). The run scanner (scan-runs.ts) finds both in its one
// pass over the characters; they are decoded here, after the scope's own rules ran, each as a child
// scope, to a bounded depth.
import { scanBase64Run } from './base64-layer.js';
import { scanJoinedLiterals, type Chain } from './joined-literals.js';
import type { Scope } from './scope.js';

type Collect = (scope: Scope) => void;

/** A base64 run or a chain of concatenated literals found by the run scanner, decoded after the scope's own rules ran. */
export type LayerWork = { kind: 'run'; start: number; end: number } | { kind: 'join'; chain: Chain };

/** Decodes and scans what the run scanner found (children of this scope, to a bounded depth). */
export function scanLayers(scope: Scope, work: readonly LayerWork[], collect: Collect): void {
  if (!scope.canDescend) return;
  let resume = 0;
  for (const item of work) {
    if ((item.kind === 'run' ? item.start : (item.chain.pieces[0] as [number, number])[0]) < scope.layersFrom) continue;
    if (item.kind === 'run') {
      if (item.start < resume) continue;
      resume = scanBase64Run(scope, item.start, item.end, collect) ?? resume;
    } else {
      scanJoinedLiterals(scope, item.chain, collect);
    }
  }
}

// Text inside text: base64 runs that decode to text (base64-layer.ts) and string literals split with
// a concatenation operator (joined-literals.ts). The run scanner (scan-runs.ts) finds both in its one
// pass over the characters; they are decoded here, after the scope's own rules ran, each as a child
// scope, to a bounded depth.
import { scanBase64Run } from './base64-layer.js';
import { scanJoinedLiterals, type Chain } from './joined-literals.js';
import type { Scope } from './scope.js';

type Collect = (scope: Scope) => void;

/**
 * The base64 runs and chains of concatenated literals the run scanner found, in text order, decoded
 * after the scope's own rules ran. Flat (a run is its start and end, a chain `-1 - its index` and 0),
 * so that a text of many runs makes no object per run.
 */
export class LayerWork {
  readonly items: number[] = [];
  private chains: Chain[] | undefined;

  run(start: number, end: number): void {
    const items = this.items;
    items.push(start);
    items.push(end);
  }

  join(chain: Chain): void {
    const chains = (this.chains ??= []);
    this.items.push(-1 - chains.length, 0);
    chains.push(chain);
  }

  chain(item: number): Chain {
    return (this.chains as Chain[])[-1 - item] as Chain;
  }
}

/** Decodes and scans what the run scanner found (children of this scope, to a bounded depth). */
export function scanLayers(scope: Scope, work: LayerWork, collect: Collect): void {
  if (!scope.canDescend) return;
  const { items } = work;
  let resume = 0;
  for (let k = 0; k < items.length; k += 2) {
    const item = items[k] as number;
    if (item >= 0) {
      if (item < scope.layersFrom || item < resume) continue;
      resume = scanBase64Run(scope, item, items[k + 1] as number, collect) ?? resume;
    } else {
      const chain = work.chain(item);
      if ((chain.pieces[0] as [number, number])[0] < scope.layersFrom) continue;
      scanJoinedLiterals(scope, chain, collect);
    }
  }
}

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
 * so that a text of many runs makes no object per run, and in a typed array: pushing hundreds of
 * thousands of numbers onto a JavaScript array costs more than the rest of the run's bookkeeping.
 */
const NONE = new Int32Array(0);

export class LayerWork {
  items = NONE;
  /** How many numbers `items` holds. */
  length = 0;
  private chains: Chain[] | undefined;

  run(start: number, end: number): void {
    let items = this.items;
    const at = this.length;
    if (at + 2 > items.length) {
      items = new Int32Array(Math.max(16, items.length * 2));
      items.set(this.items);
      this.items = items;
    }
    items[at] = start;
    items[at + 1] = end;
    this.length = at + 2;
  }

  join(chain: Chain): void {
    const chains = (this.chains ??= []);
    this.run(-1 - chains.length, 0);
    chains.push(chain);
  }

  chain(item: number): Chain {
    return (this.chains as Chain[])[-1 - item] as Chain;
  }
}

/** Decodes and scans what the run scanner found (children of this scope, to a bounded depth). */
export function scanLayers(scope: Scope, work: LayerWork, collect: Collect): void {
  if (!scope.canDescend) return;
  const { items, length } = work;
  let resume = 0;
  for (let k = 0; k < length; k += 2) {
    const item = items[k] as number;
    if (item >= 0) {
      if (item < scope.layersFrom || item < resume) continue;
      resume = scanBase64Run(scope, item, items[k + 1] as number, collect, items, k + 2, length) ?? resume;
    } else {
      const chain = work.chain(item);
      if ((chain.pieces[0] as [number, number])[0] < scope.layersFrom) continue;
      scanJoinedLiterals(scope, chain, collect);
    }
  }
}

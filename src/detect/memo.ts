// A memo of bounded size for pure checks of short strings (the shape of a key id, the plausibility of a
// secret, a fingerprint): the last value computed for a key, in a fixed table of slots chosen by a hash
// of the key, where a newer key with the same slot replaces the older one. A file repeating one value a
// million times computes it once; a file of distinct values pays a hash and a comparison per value,
// not a map that grows, rehashes and is cleared again and again.

export class SlotMemo<V> {
  private keys: Array<string | undefined> | undefined;
  private values: Array<V | undefined> | undefined;
  /** The slot of the key `get` was last asked for, which `set` of the same key reuses. */
  private lastKey: string | undefined;
  private lastSlot = 0;

  /** `slots`: a power of two. The table is allocated on the first `set`. */
  constructor(private readonly slots = 1024) {}

  get(key: string): V | undefined {
    const slot = slotOf(key, this.slots);
    this.lastKey = key;
    this.lastSlot = slot;
    const keys = this.keys;
    return keys !== undefined && keys[slot] === key ? (this.values as Array<V | undefined>)[slot] : undefined;
  }

  set(key: string, value: V): void {
    const keys = (this.keys ??= new Array<string | undefined>(this.slots).fill(undefined));
    const values = (this.values ??= new Array<V | undefined>(this.slots).fill(undefined));
    const slot = key === this.lastKey ? this.lastSlot : slotOf(key, this.slots);
    keys[slot] = key;
    values[slot] = value;
  }
}

/**
 * FNV-1a over at most 16 UTF-16 code units spread over the key (and its length), folded to a slot: the
 * keys are short values, and two that share a slot only cost a recomputation.
 */
function slotOf(key: string, slots: number): number {
  const n = key.length;
  const stride = n > 16 ? n >> 4 : 1;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  for (let i = 0; i < n; i += stride) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (slots - 1);
}

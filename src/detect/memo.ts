// A memo of bounded size for pure checks of short strings (the shape of a key id, the plausibility of a
// secret, a fingerprint): the last value computed for a key, in a fixed table of slots chosen by a hash
// of the key, where a newer key with the same slot replaces the older one. A file repeating one value a
// million times computes it once; a file of distinct values pays a hash and a comparison per value,
// not a map that grows, rehashes and is cleared again and again.

export class SlotMemo<V> {
  private keys: Array<string | undefined> | undefined;
  private values: Array<V | undefined> | undefined;

  /** `slots`: a power of two. The table is allocated on the first `set`. */
  constructor(private readonly slots = 1024) {}

  get(key: string): V | undefined {
    const keys = this.keys;
    if (keys === undefined) return undefined;
    const slot = slotOf(key, this.slots);
    return keys[slot] === key ? (this.values as Array<V | undefined>)[slot] : undefined;
  }

  set(key: string, value: V): void {
    const keys = (this.keys ??= new Array<string | undefined>(this.slots).fill(undefined));
    const values = (this.values ??= new Array<V | undefined>(this.slots).fill(undefined));
    const slot = slotOf(key, this.slots);
    keys[slot] = key;
    values[slot] = value;
  }
}

/** FNV-1a over the UTF-16 code units, folded to a slot. */
function slotOf(key: string, slots: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (slots - 1);
}

// A memo of bounded size for pure checks of short strings (the shape of a key id, the plausibility of a
// secret, a fingerprint): the last value computed for a key, in a fixed table of slots chosen by a hash
// of the key, where a newer key with the same slot replaces the older one. A file repeating one value a
// million times computes it once; a file of distinct values pays a hash and a comparison per value,
// not a map that grows, rehashes and is cleared again and again. Each slot keeps its key's hash too:
// the strings are compared only when the hashes are equal, so a key that is not there (almost every
// key of a file of distinct values) costs no string comparison.

export class SlotMemo<V> {
  private keys: Array<string | undefined> | undefined;
  private values: Array<V | undefined> | undefined;
  private hashes: Int32Array | undefined;
  /** The key `get` was last asked for, its hash and its slot, which `set` of the same key reuses. */
  private lastKey: string | undefined;
  private lastHash = 0;

  /** `slots`: a power of two. The table is allocated on the first `set`. */
  constructor(private readonly slots = 1024) {}

  get(key: string): V | undefined {
    const hash = hashOf(key, 0, key.length);
    this.lastKey = key;
    this.lastHash = hash;
    const hashes = this.hashes;
    if (hashes === undefined) return undefined;
    const slot = hash & (this.slots - 1);
    return hashes[slot] === hash && (this.keys as Array<string | undefined>)[slot] === key
      ? (this.values as Array<V | undefined>)[slot]
      : undefined;
  }

  /** `get(text.slice(start, end))`, without the slice. */
  getAt(text: string, start: number, end: number): V | undefined {
    const hash = hashOf(text, start, end);
    this.lastKey = undefined;
    this.lastHash = hash;
    const hashes = this.hashes;
    if (hashes === undefined) return undefined;
    const slot = hash & (this.slots - 1);
    if (hashes[slot] !== hash) return undefined;
    const key = (this.keys as Array<string | undefined>)[slot] as string;
    if (key.length !== end - start) return undefined;
    for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return undefined;
    return (this.values as Array<V | undefined>)[slot];
  }

  /** `set(key, value)` for the key `getAt` was last asked for (`key` is that slice of its text). */
  setLast(key: string, value: V): void {
    this.store(key, value, this.lastHash);
  }

  set(key: string, value: V): void {
    this.store(key, value, key === this.lastKey ? this.lastHash : hashOf(key, 0, key.length));
  }

  private store(key: string, value: V, hash: number): void {
    const keys = (this.keys ??= new Array<string | undefined>(this.slots).fill(undefined));
    const values = (this.values ??= new Array<V | undefined>(this.slots).fill(undefined));
    const hashes = (this.hashes ??= new Int32Array(this.slots));
    const slot = hash & (this.slots - 1);
    keys[slot] = key;
    values[slot] = value;
    hashes[slot] = hash;
  }
}

/**
 * FNV-1a over at most 16 UTF-16 code units spread over the key `text.slice(start, end)` (and its
 * length), its high bits folded into the low ones (the slot): the keys are short values, and two that
 * share a slot only cost a recomputation.
 */
function hashOf(text: string, start: number, end: number): number {
  const n = end - start;
  const stride = n > 16 ? n >> 4 : 1;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  for (let i = 0; i < n; i += stride) h = Math.imul(h ^ text.charCodeAt(start + i), 0x01000193);
  return h ^ (h >>> 16);
}

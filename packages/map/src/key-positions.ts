/** Key → first position in an array of keys. */
export interface KeyPositions {
  /** True when some key occurs twice (the later ones map to the first). */
  readonly repeats: boolean;
  /** The first position of `key`, or -1. */
  get(key: string): number;
}

/** How {@link keyPositions} indexes: a Map, or a table with or without hash tags (see {@link KeyTable}). */
export type KeyLayout = "map" | "tagged" | "untagged";

/**
 * Below this many keys, a Map: in a fresh process the table's code starts in the interpreter, and at 20,000
 * keys (a call of the side-by-side bench) filling it and 10,000 lookups took 10.5 ms of CPU against 8 ms
 * for the Map's native code; at 1M keys the table is 7x faster (below).
 */
const MAP_KEYS = 1 << 16;

/** Indexes `keys` (a repeated key maps to its first position); `layout` is for tests. */
export function keyPositions(
  keys: readonly string[],
  layout: KeyLayout = keys.length < MAP_KEYS ? "map" : "tagged",
): KeyPositions {
  return layout === "map" ? new KeyMap(keys) : new KeyTable(keys, layout === "tagged");
}

class KeyMap implements KeyPositions {
  readonly #first = new Map<string, number>();
  readonly repeats: boolean;

  constructor(keys: readonly string[]) {
    // filled backwards: each key ends at its first position
    for (let i = keys.length - 1; i >= 0; i--) this.#first.set(keys[i]!, i);
    this.repeats = this.#first.size !== keys.length;
  }

  get(key: string): number {
    return this.#first.get(key) ?? -1;
  }
}

/** Below this many keys, a bucket holds 8 bits of the key's hash above its position + 1. */
const TAGGED_KEYS = 2 ** 23 - 2;
const POSITION_MASK = 2 ** 23 - 1;

/**
 * Key → position in an array of keys, as an open-addressing table in one Int32Array. At 1M item uids a
 * `Map<string, number>` took ~30 MB (more while it grew) and 0.69 s to fill (CPU profile of a warm read);
 * this table is 8 MB (4 bytes per bucket, at most half full). Each bucket also holds 8 bits of its key's
 * hash: without them, every occupied bucket a probe passed compared its key, a cache miss per bucket
 * (filling 1M keys took 0.28 s; with them 0.09 s).
 */
class KeyTable implements KeyPositions {
  readonly #keys: readonly string[];
  /** Per bucket: 0 when empty, else the position + 1 of its key (and the key's hash tag above it). */
  readonly #buckets: Int32Array;
  readonly #mask: number;
  /** The bucket bits holding the position + 1 (the rest: the hash tag). */
  readonly #positionMask: number;
  readonly repeats: boolean;

  /** `tagged`: keep hash bits in the buckets (possible below 2 ** 23 keys). */
  constructor(keys: readonly string[], tagged: boolean) {
    this.#keys = keys;
    let size = 16;
    while (size < 2 * keys.length) size *= 2;
    this.#buckets = new Int32Array(size);
    this.#mask = size - 1;
    this.#positionMask = tagged && keys.length <= TAGGED_KEYS ? POSITION_MASK : -1;
    let repeats = false;
    for (let i = 0; i < keys.length; i++) if (this.#findOrAdd(keys[i]!, i) !== i) repeats = true;
    this.repeats = repeats;
  }

  get(key: string): number {
    const h = hashOf(key);
    const tag = this.#tagOf(h);
    const buckets = this.#buckets;
    for (let b = h & this.#mask; ; b = (b + 1) & this.#mask) {
      const entry = buckets[b]!;
      if (entry === 0) return -1;
      const at = (entry & this.#positionMask) - 1;
      if ((entry & ~this.#positionMask) === tag && this.#keys[at] === key) return at;
    }
  }

  #findOrAdd(key: string, position: number): number {
    const h = hashOf(key);
    const tag = this.#tagOf(h);
    const buckets = this.#buckets;
    for (let b = h & this.#mask; ; b = (b + 1) & this.#mask) {
      const entry = buckets[b]!;
      if (entry === 0) {
        buckets[b] = tag | (position + 1);
        return position;
      }
      const at = (entry & this.#positionMask) - 1;
      if ((entry & ~this.#positionMask) === tag && this.#keys[at] === key) return at;
    }
  }

  /** The hash bits kept above the position (none when positions need every bit). */
  #tagOf(h: number): number {
    return this.#positionMask === POSITION_MASK ? (h >>> 24) << 23 : 0;
  }
}

/** FNV-1a over UTF-16 code units, with a final mix so that the low bits (the bucket) depend on every unit. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

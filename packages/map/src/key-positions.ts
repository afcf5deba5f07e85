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

/** Above this many buckets (16 MB, half the L3 cache here), the table fills region by region (see #fillByRegion). */
const SPREAD_BUCKETS = 1 << 22;
/** log2 of the buckets of one region: 2 ** 16 buckets, 256 KB, well inside the L2 cache. */
const REGION_BITS = 16;

/**
 * The most bits a bucket gives the position + 1 and still keeps some hash bits above it. A bucket holds its
 * key's position + 1 in the low bits, as few as the call's key count needs, and the high bits of the key's
 * hash in the others. With 8 tag bits below 2 ** 23 keys and none above, every bucket a probe passed at
 * 10M keys compared its key (a random string read): filling took 1.5 s there.
 */
const MAX_POSITION_BITS = 30;

/**
 * Key → position in an array of keys, as an open-addressing table in one Int32Array. At 1M item uids a
 * `Map<string, number>` took ~30 MB (more while it grew) and 0.69 s to fill (CPU profile of a warm read);
 * this table is 8 MB (4 bytes per bucket, at most half full). Each bucket also holds high bits of its
 * key's hash (see MAX_POSITION_BITS): without them, every occupied bucket a probe passed compared its key, a cache miss per bucket
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

  /** `tagged`: keep hash bits in the buckets (possible below 2 ** 30 keys). */
  constructor(keys: readonly string[], tagged: boolean) {
    this.#keys = keys;
    let size = 16;
    while (size < 2 * keys.length) size *= 2;
    this.#buckets = new Int32Array(size);
    this.#mask = size - 1;
    let bits = 1;
    while (2 ** bits <= keys.length) bits++;
    this.#positionMask = tagged && bits <= MAX_POSITION_BITS ? 2 ** bits - 1 : -1;
    this.repeats = size > SPREAD_BUCKETS ? this.#fillByRegion(keys) : this.#fillInOrder(keys);
  }

  /** Adds the keys in their order; true when one repeats. */
  #fillInOrder(keys: readonly string[]): boolean {
    let repeats = false;
    for (let i = 0; i < keys.length; i++)
      if (this.#findOrAdd(keys, i, hashOf(keys[i]!)) !== i) repeats = true;
    return repeats;
  }

  /**
   * Adds the keys grouped by the region of the table their first bucket is in (a counting sort on the top
   * bucket bits, stable: a repeated key, always in its first position's region, still maps to its first
   * position), so that the probes of a group stay in a region that fits in the CPU caches. In key order,
   * each probe of a 128 MB table (10M keys) was a cache and TLB miss: filling took 1.88 s at 10M keys
   * against 0.058 s at 1M (CPU profiles of a warm read), 32x the time for 10x the keys. Costs three
   * Int32Arrays of one entry per key while it runs (120 MB at 10M keys).
   */
  #fillByRegion(keys: readonly string[]): boolean {
    // positions and hashes in region order: the fill reads both in sequence (reading hashes[i] and keys[i]
    // by position, at random, left it at 1.77 s), and a key only where its hash tag matches
    const { order, hashes } = byRegion(keys, this.#mask);
    let repeats = false;
    for (let j = 0; j < keys.length; j++) {
      const i = order[j]!;
      if (this.#findOrAdd(keys, i, hashes[j]!) !== i) repeats = true;
    }
    return repeats;
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

  /** Adds `keys[position]`, of hash `h`, unless there; returns its first position. Reads the key only on a tag match. */
  #findOrAdd(keys: readonly string[], position: number, h: number): number {
    const tag = this.#tagOf(h);
    const buckets = this.#buckets;
    for (let b = h & this.#mask; ; b = (b + 1) & this.#mask) {
      const entry = buckets[b]!;
      if (entry === 0) {
        buckets[b] = tag | (position + 1);
        return position;
      }
      const at = (entry & this.#positionMask) - 1;
      if ((entry & ~this.#positionMask) === tag && keys[at] === keys[position]) return at;
    }
  }

  /** The hash bits kept above the position (none when positions need every bit). */
  #tagOf(h: number): number {
    return h & ~this.#positionMask;
  }
}

/**
 * The positions of `keys`, and their hashes, in the order of the table region of their first bucket (by
 * position within a region). Each pass is its own function: in one, V8 optimized the first loop, then
 * dropped that code on reaching the next (no type feedback there yet), at each loop.
 */
function byRegion(keys: readonly string[], mask: number): { order: Int32Array; hashes: Int32Array } {
  const hashes = hashesOf(keys);
  // starts[r]: where the keys of region r begin in `order`
  const starts = regionStarts(hashes, mask);
  const order = new Int32Array(keys.length);
  const ordered = new Int32Array(keys.length);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i]!;
    const j = starts[(h & mask) >>> REGION_BITS]!++;
    order[j] = i;
    ordered[j] = h;
  }
  return { order, hashes: ordered };
}

function hashesOf(keys: readonly string[]): Int32Array {
  const hashes = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) hashes[i] = hashOf(keys[i]!);
  return hashes;
}

function regionStarts(hashes: Int32Array, mask: number): Int32Array {
  const starts = new Int32Array(((mask + 1) >>> REGION_BITS) + 1);
  for (let i = 0; i < hashes.length; i++) starts[((hashes[i]! & mask) >>> REGION_BITS) + 1]!++;
  for (let r = 1; r < starts.length; r++) starts[r]! += starts[r - 1]!;
  return starts;
}

/** FNV-1a over UTF-16 code units, with a final mix so that the low bits (the bucket) depend on every unit. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

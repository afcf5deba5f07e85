import { isUtf8 } from "node:buffer";
import { KIND } from "./codec.js";
import { isWellFormed } from "./errors.js";
import { FLAG_ASCII_KEY, keyLength, REC, RECORD_HEADER_SIZE, recordKey } from "./format.js";

/** One loaded piece of an index file, kept in memory: records (and inline values) are read from it. */
export interface Chunk {
  buf: Buffer;
  /** Writer id of the shard the chunk comes from. */
  shard: string;
  /** Offset of `buf[0]` in the index file. */
  fileOffset: number;
}

/** Where the winning record of a key lives. */
export interface RecordRef {
  chunk: Chunk;
  pos: number;
}

/** Per-process hash seed, so that crafted keys cannot aim at collisions. */
const SEED = (Math.random() * 0x100000000) | 0;
/** `#dead` bits of a slot: its winning record is a delete / its value was found unreadable. */
const TOMBSTONE = 1;
const BAD = 2;
/** How far ahead of this clock a record's timestamp may be, in microseconds (other hosts' clocks drift). */
const CLOCK_SKEW_US = 10 * 60_000 * 1000;

/**
 * A record's timestamp (microseconds, see clock.ts) for ordering: one that is not a number, or is from
 * further in the future than clock skew explains, ranks below every real one, so that a crafted record
 * cannot hide the writes after it.
 */
function believable(ts: number): number {
  return Number.isFinite(ts) && ts <= Date.now() * 1000 + CLOCK_SKEW_US ? ts : Number.NEGATIVE_INFINITY;
}

/** Typical size of a record (header, short key, small inline value), to size the table before loading. */
const BYTES_PER_RECORD = 48;

/** A key's hash (FNV-1a over its UTF-8 bytes, seeded). */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = SEED;
  for (let i = start; i < end; i++) {
    h ^= buf[i]!;
    h = ((h << 24) + h * 403) | 0; // h * FNV prime (2 ** 24 + 403), mod 2 ** 32, without a call
  }
  return h;
}

/**
 * Key → winning record, for millions of keys, without one JavaScript string or object per key: keys stay as
 * UTF-8 bytes in the loaded index chunks; an open-addressing hash table (one Int32Array: per bucket, its
 * slot + 1 and, in the bits the slot does not need, low bits of the key's hash) finds a key's slot, and per slot typed arrays hold the chunk and offset of its winning record and whether
 * it is live. The winner is the record with the larger timestamp, then the larger writer id, then the later
 * position in the same shard, so loading shards in any order gives the same result.
 */
export class IndexTable {
  readonly chunks: Chunk[] = [];
  /** Slots in use (distinct keys seen). */
  #count = 0;
  #chunkOf = new Uint32Array(1024);
  #posOf = new Uint32Array(1024);
  #dead = new Uint8Array(1024);
  /**
   * Open addressing, linear probing, load <= 1/2: a bucket holds 0 (empty) or `tag << bits | slot + 1`, where
   * `bits` is log2 of the bucket count and the tag is the low `31 - bits` bits of the key's hash: a probe
   * compares key bytes only when the tags match. 4 bytes per bucket (8.4 MB at 1M keys) where a (hash,
   * slot) pair took 8 (16.8 MB; the peak RSS of a 1M-item warm read went from 237-244 to 230-233 MB).
   */
  #buckets = new Int32Array(2048);
  #mask = 2047;
  /** A key's first bucket is the top bits of its hash (FNV-1a mixes its high bits best). */
  #shift = 21;
  /** The bits of a hash kept as the tag: `2 ** (31 - log2(buckets)) - 1`. */
  #tagMask = 2 ** 20 - 1;
  #live = 0;

  /** Number of keys with a readable value. */
  get size(): number {
    return this.#live;
  }

  /** Registers a chunk and returns its number for {@link IndexTable.offer}; sizes the table for its keys. */
  addChunk(chunk: Chunk): number {
    const keys = this.#count + Math.ceil(chunk.buf.length / BYTES_PER_RECORD);
    if (2 * keys > this.#mask) this.#growBuckets(keys);
    return this.chunks.push(chunk) - 1;
  }

  /**
   * Considers the record at `pos` of chunk `chunkNo` for its key; keeps it if it beats the current winner.
   * Returns false (and ignores the record) when its key bytes are not the UTF-8 of a string.
   */
  offer(chunkNo: number, pos: number): boolean {
    const buf = this.chunks[chunkNo]!.buf;
    const start = pos + RECORD_HEADER_SIZE;
    const end = start + keyLength(buf, pos);
    let h = SEED;
    let high = 0;
    for (let i = start; i < end; i++) {
      const byte = buf[i]!;
      high |= byte;
      h ^= byte;
      h = ((h << 24) + h * 403) | 0; // as hashBytes, with the check for non-ASCII bytes in the same pass
    }
    if (high > 0x7f && ((buf[pos + REC.flags]! & FLAG_ASCII_KEY) !== 0 || !isUtf8(buf.subarray(start, end))))
      return false;
    const buckets = this.#buckets;
    const mask = this.#mask;
    const tag = this.#tagOf(h);
    let b = h >>> this.#shift;
    for (let entry = buckets[b]!; entry !== 0; entry = buckets[b]!) {
      if ((entry & ~mask) === tag && this.#keyBytesAre((entry & mask) - 1, buf, start, end)) {
        this.#replace((entry & mask) - 1, chunkNo, pos);
        return true;
      }
      b = (b + 1) & mask;
    }
    const slot = this.#count++;
    if (slot === this.#chunkOf.length) this.#growSlots();
    this.#chunkOf[slot] = chunkNo;
    this.#posOf[slot] = pos;
    this.#dead[slot] = buf[pos + REC.kind] === KIND.tombstone ? TOMBSTONE : 0;
    if (this.#dead[slot] === 0) this.#live++;
    buckets[b] = tag | (slot + 1);
    if (2 * this.#count > mask) this.#growBuckets(this.#count);
    return true;
  }

  /** The tag bits of a hash, in place above the slot bits of a bucket. */
  #tagOf(h: number): number {
    return (h & this.#tagMask) << (32 - this.#shift);
  }

  /** The chunk holding the winning record of a slot. */
  chunkAt(slot: number): Chunk {
    return this.chunks[this.#chunkOf[slot]!]!;
  }

  /** The offset of the winning record of a slot in its chunk. */
  posAt(slot: number): number {
    return this.#posOf[slot]!;
  }

  /** The winning record of `key` when it holds a value. */
  lookup(key: string): RecordRef | undefined {
    const slot = this.slotOf(key);
    return slot < 0 ? undefined : { chunk: this.chunkAt(slot), pos: this.posAt(slot) };
  }

  /** True when `key` holds a value. */
  has(key: string): boolean {
    return this.slotOf(key) >= 0;
  }

  /** Marks the current value of `key` unreadable: it reads as missing until a newer record arrives. */
  markBad(key: string): void {
    const slot = this.slotOf(key);
    if (slot < 0) return;
    this.#dead[slot] = BAD;
    this.#live--;
  }

  /** Keys holding a value, in first-seen order. */
  keys(): string[] {
    const keys: string[] = [];
    for (let slot = 0; slot < this.#count; slot++) {
      if (this.#dead[slot] === 0) keys.push(recordKey(this.chunkAt(slot).buf, this.#posOf[slot]!));
    }
    return keys;
  }

  /**
   * The slot of `key` when it holds a value (not deleted, not found unreadable), else -1. ASCII keys are
   * hashed and compared without encoding them (one function: this runs once per key read).
   */
  slotOf(key: string): number {
    const length = key.length;
    let h = SEED;
    for (let i = 0; i < length; i++) {
      const code = key.charCodeAt(i);
      if (code > 0x7f) return this.#slotOfEncoded(key);
      h ^= code;
      h = ((h << 24) + h * 403) | 0;
    }
    const { chunks } = this;
    const buckets = this.#buckets;
    const mask = this.#mask;
    const tag = this.#tagOf(h);
    for (let b = h >>> this.#shift; ; b = (b + 1) & mask) {
      const entry = buckets[b]!;
      if (entry === 0) return -1;
      if ((entry & ~mask) !== tag) continue;
      const slot = (entry & mask) - 1;
      const buf = chunks[this.#chunkOf[slot]!]!.buf;
      const pos = this.#posOf[slot]!;
      if (keyLength(buf, pos) !== length) continue;
      const start = pos + RECORD_HEADER_SIZE;
      let i = 0;
      while (i < length && buf[start + i] === key.charCodeAt(i)) i++;
      if (i === length) return this.#dead[slot] === 0 ? slot : -1;
    }
  }

  /**
   * {@link IndexTable.slotOf}, trying slot `guess` first: getMany reads keys in the order they were written
   * (a map's warm read), so the slot after the last one found is usually the next key's. A hit reads only
   * the slot's record, next to the last one, and neither hashes the key nor probes a bucket: at 10M keys the
   * buckets take 128 MB, and the probe, a cache and TLB miss per key, made a warm read's getMany 16x its
   * cost at 1M for 10x the keys (2.3 s against 0.14 s, CPU profile). Each slot is one distinct key, so a
   * slot whose key bytes are the key's is the key's slot.
   */
  slotNear(key: string, guess: number): number {
    if (guess < 0 || guess >= this.#count) return this.slotOf(key);
    const buf = this.chunks[this.#chunkOf[guess]!]!.buf;
    const pos = this.#posOf[guess]!;
    const length = key.length;
    if (keyLength(buf, pos) !== length) return this.slotOf(key);
    const start = pos + RECORD_HEADER_SIZE;
    for (let i = 0; i < length; i++) {
      const code = key.charCodeAt(i);
      // only ASCII compares as bytes (a non-ASCII key's UTF-16 units are not its UTF-8 bytes)
      if (code > 0x7f || buf[start + i] !== code) return this.slotOf(key);
    }
    return this.#dead[guess] === 0 ? guess : -1;
  }

  #slotOfEncoded(key: string): number {
    if (!isWellFormed(key)) return -1; // never stored: no UTF-8 carries it
    const bytes = Buffer.from(key, "utf8");
    const h = hashBytes(bytes, 0, bytes.length);
    const buckets = this.#buckets;
    const mask = this.#mask;
    const tag = this.#tagOf(h);
    for (let b = h >>> this.#shift; ; b = (b + 1) & mask) {
      const entry = buckets[b]!;
      if (entry === 0) return -1;
      const slot = (entry & mask) - 1;
      if ((entry & ~mask) === tag && this.#keyBytesAre(slot, bytes, 0, bytes.length))
        return this.#dead[slot] === 0 ? slot : -1;
    }
  }

  /** True when the key of `slot` is the bytes `other[start, end)`. */
  #keyBytesAre(slot: number, other: Buffer, start: number, end: number): boolean {
    const buf = this.chunks[this.#chunkOf[slot]!]!.buf;
    const pos = this.#posOf[slot]!;
    if (keyLength(buf, pos) !== end - start) return false;
    const at = pos + RECORD_HEADER_SIZE - start;
    if (end - start > 32) return other.compare(buf, at + start, at + end, start, end) === 0;
    for (let i = start; i < end; i++) if (buf[at + i] !== other[i]) return false;
    return true;
  }

  #replace(slot: number, chunkNo: number, pos: number): void {
    if (!this.#beats(chunkNo, pos, this.#chunkOf[slot]!, this.#posOf[slot]!)) return;
    if (this.#dead[slot] === 0) this.#live--;
    this.#chunkOf[slot] = chunkNo;
    this.#posOf[slot] = pos;
    this.#dead[slot] = this.chunks[chunkNo]!.buf[pos + REC.kind] === KIND.tombstone ? TOMBSTONE : 0;
    if (this.#dead[slot] === 0) this.#live++;
  }

  #beats(chunkNo: number, pos: number, oldChunkNo: number, oldPos: number): boolean {
    const chunk = this.chunks[chunkNo]!;
    const old = this.chunks[oldChunkNo]!;
    const ts = believable(chunk.buf.readDoubleLE(pos + REC.ts));
    const oldTs = believable(old.buf.readDoubleLE(oldPos + REC.ts));
    if (ts !== oldTs) return ts > oldTs;
    if (chunk.shard !== old.shard) return chunk.shard > old.shard;
    return chunkNo !== oldChunkNo ? chunkNo > oldChunkNo : pos > oldPos;
  }

  #growSlots(): void {
    const size = this.#chunkOf.length * 2;
    this.#chunkOf = copyInto(new Uint32Array(size), this.#chunkOf);
    this.#posOf = copyInto(new Uint32Array(size), this.#posOf);
    this.#dead = copyInto(new Uint8Array(size), this.#dead);
  }

  /**
   * Rehashes into the smallest power-of-two table, at least twice as large, that holds `keys` at load 1/2.
   * Buckets keep no full hash: each slot's is computed again from its key bytes (slots are in chunk order,
   * so this reads the chunks front to back; loading presizes the table, so it seldom runs with many keys).
   */
  #growBuckets(keys: number): void {
    let size = 2 * (this.#mask + 1);
    let shift = this.#shift - 1;
    while (2 * keys > size - 1) {
      size *= 2;
      shift--;
    }
    const mask = size - 1;
    const buckets = new Int32Array(size);
    this.#buckets = buckets;
    this.#mask = mask;
    this.#shift = shift;
    this.#tagMask = 2 ** (31 - (32 - shift)) - 1;
    for (let slot = 0; slot < this.#count; slot++) {
      const buf = this.chunks[this.#chunkOf[slot]!]!.buf;
      const pos = this.#posOf[slot]!;
      const start = pos + RECORD_HEADER_SIZE;
      const h = hashBytes(buf, start, start + keyLength(buf, pos));
      let b = h >>> shift;
      while (buckets[b] !== 0) b = (b + 1) & mask;
      buckets[b] = this.#tagOf(h) | (slot + 1);
    }
  }
}

function copyInto<A extends Uint32Array | Uint8Array>(target: A, source: A): A {
  target.set(source);
  return target;
}

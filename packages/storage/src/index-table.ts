import { KIND } from "./codec.js";
import { REC } from "./format.js";

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

/**
 * Key → winning record, for millions of keys: a Map from key to slot, and per slot the chunk and offset of
 * its record in typed arrays. The winner is the record with the larger timestamp, then the larger writer id,
 * then the later position in the same shard, so loading shards in any order gives the same result.
 */
export class IndexTable {
  readonly chunks: Chunk[] = [];
  readonly #slots = new Map<string, number>();
  #chunkOf = new Uint32Array(1024);
  #posOf = new Uint32Array(1024);
  #bad = new Uint8Array(1024);
  #live = 0;

  /** Number of keys with a readable value. */
  get size(): number {
    return this.#live;
  }

  /** Registers a chunk and returns its number for {@link IndexTable.offer}. */
  addChunk(chunk: Chunk): number {
    return this.chunks.push(chunk) - 1;
  }

  /** Considers the record at `pos` of chunk `chunkNo` for `key`; keeps it if it beats the current winner. */
  offer(key: string, chunkNo: number, pos: number): void {
    const slot = this.#slots.get(key);
    if (slot === undefined) {
      const next = this.#slots.size;
      if (next === this.#chunkOf.length) this.#grow();
      this.#slots.set(key, next);
      this.#chunkOf[next] = chunkNo;
      this.#posOf[next] = pos;
      if (this.#isLive(next)) this.#live++;
      return;
    }
    if (!this.#beats(chunkNo, pos, this.#chunkOf[slot]!, this.#posOf[slot]!)) return;
    if (this.#isLive(slot)) this.#live--;
    this.#chunkOf[slot] = chunkNo;
    this.#posOf[slot] = pos;
    this.#bad[slot] = 0;
    if (this.#isLive(slot)) this.#live++;
  }

  /** The slot of `key` when it holds a value (not deleted, not found unreadable), else -1. */
  slotOf(key: string): number {
    const slot = this.#slots.get(key);
    return slot !== undefined && this.#isLive(slot) ? slot : -1;
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
    const slot = this.#slots.get(key);
    if (slot === undefined || !this.#isLive(slot)) return;
    this.#bad[slot] = 1;
    this.#live--;
  }

  /** Keys holding a value, in first-seen order. */
  keys(): string[] {
    const keys: string[] = [];
    for (const [key, slot] of this.#slots) if (this.#isLive(slot)) keys.push(key);
    return keys;
  }

  #isLive(slot: number): boolean {
    return (
      this.#bad[slot] === 0 &&
      this.chunks[this.#chunkOf[slot]!]!.buf[this.#posOf[slot]! + REC.kind] !== KIND.tombstone
    );
  }

  #beats(chunkNo: number, pos: number, oldChunkNo: number, oldPos: number): boolean {
    const chunk = this.chunks[chunkNo]!;
    const old = this.chunks[oldChunkNo]!;
    const ts = chunk.buf.readDoubleLE(pos + REC.ts);
    const oldTs = old.buf.readDoubleLE(oldPos + REC.ts);
    if (ts !== oldTs) return ts > oldTs;
    if (chunk.shard !== old.shard) return chunk.shard > old.shard;
    return chunkNo !== oldChunkNo ? chunkNo > oldChunkNo : pos > oldPos;
  }

  #grow(): void {
    const size = this.#chunkOf.length * 2;
    this.#chunkOf = copyInto(new Uint32Array(size), this.#chunkOf);
    this.#posOf = copyInto(new Uint32Array(size), this.#posOf);
    this.#bad = copyInto(new Uint8Array(size), this.#bad);
  }
}

function copyInto<A extends Uint32Array | Uint8Array>(target: A, source: A): A {
  target.set(source);
  return target;
}

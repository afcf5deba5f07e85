import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Backend, CacheWriter } from "./backend.js";
import { checkKey, decodeValue, KIND } from "./codec.js";
import { type ReadRequest, readValues } from "./data-reader.js";
import { CacheError } from "./errors.js";
import { FolderIndex } from "./folder-index.js";
import { FLAG_INLINE, inlineStart, REC, recordMeta, valueLength } from "./format.js";
import type { Chunk } from "./index-table.js";
import { unpack } from "./msgpack.js";
import type { ResolvedOptions } from "./options.js";
import { DATA_EXT, ensureFolder, INDEX_EXT } from "./shard-files.js";
import { ShardWriter } from "./shard-writer.js";

/** A value kept in RAM, valid while its key's winning record is still the one it was read from. */
interface RamEntry {
  chunk: Chunk;
  pos: number;
  value: unknown;
}

/** The values one `write()` call set, in order, to keep in RAM once its shard is indexed. */
interface Written {
  keys: string[];
  values: unknown[];
}

/** The folder-backed store: one shard per `write()` call, an incrementally loaded index, bulk reads. */
export class FolderStore implements Backend {
  readonly #folder: string;
  readonly #options: ResolvedOptions;
  readonly #index: FolderIndex;
  readonly #warn: (error: CacheError) => void;
  /**
   * keepInRam: values read from data files. Inline values (up to `inlineMaxBytes`) are not kept: their bytes
   * are in RAM already, in the loaded index, and one entry cost 93 bytes per value (1M small values: 93 MB
   * of a map's 475 MB peak); each read decodes them again, so that no reader shares another's object.
   */
  readonly #ram: Map<string, RamEntry> | undefined;

  constructor(folder: string, options: ResolvedOptions, warn: (error: CacheError) => void) {
    this.#folder = folder;
    this.#options = options;
    this.#warn = warn;
    this.#index = new FolderIndex(folder, warn);
    this.#ram = options.keepInRam ? new Map() : undefined;
  }

  has(key: string): boolean {
    const index = this.#index;
    index.ensureLoaded();
    if (index.table.has(key)) return true;
    return index.refreshIfOlderThan(this.#options.refreshIntervalMs) && index.table.has(key);
  }

  keys(): string[] {
    this.#maybeRefresh();
    return this.#index.table.keys();
  }

  get size(): number {
    this.#maybeRefresh();
    return this.#index.table.size;
  }

  async getMany(keys: readonly string[], fallback: unknown): Promise<unknown[]> {
    const index = this.#index;
    index.ensureLoaded();
    const generation = index.generation;
    const out = new Array<unknown>(keys.length);
    const requests: ReadRequest[] = [];
    let mayRefresh = true;
    const ram = this.#ram;
    let table = index.table;
    // the table slot after the last one found: keys are often read in the order they were written
    let next = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot]!;
      let found = table.slotNear(key, next);
      if (found < 0 && mayRefresh && index.refreshIfOlderThan(this.#options.refreshIntervalMs)) {
        mayRefresh = false;
        table = index.table;
        found = table.slotOf(key);
      }
      if (found < 0) {
        out[slot] = fallback;
        continue;
      }
      next = found + 1;
      const chunk = table.chunkAt(found);
      const pos = table.posAt(found);
      if ((chunk.buf[pos + REC.flags]! & FLAG_INLINE) !== 0) {
        // The fallback only where a value is missing: an array holding only numbers keeps them unboxed
        // (8 bytes each); one symbol in it boxes them all (24 bytes each, 16 MB more at 1M small values).
        if (!this.#readInline(key, chunk, pos, out, slot)) out[slot] = fallback;
        continue;
      }
      out[slot] = fallback;
      const kept = ram?.get(key);
      if (kept !== undefined && kept.chunk === chunk && kept.pos === pos) out[slot] = kept.value;
      else requests.push({ slot, key, ref: { chunk, pos } });
    }
    if (requests.length === 0) return out;
    await readValues(this.#folder, requests, {
      value: (request, value) => {
        out[request.slot] = value;
        this.#ram?.set(request.key, { chunk: request.ref.chunk, pos: request.ref.pos, value });
      },
      fail: (request, error) => {
        this.#warn(error);
        if (index.generation === generation) index.table.markBad(request.key);
      },
    });
    return out;
  }

  async write(fn: (writer: CacheWriter<unknown>) => unknown): Promise<void> {
    ensureFolder(this.#folder, this.#options.permissions);
    const { cacheType, fsync, permissions, inlineMaxBytes } = this.#options;
    const fileMode = permissions === undefined ? undefined : permissions & 0o666;
    const shard = new ShardWriter({ folder: this.#folder, cacheType, fsync, fileMode, inlineMaxBytes });
    // Two flat arrays rather than one [key, value] pair per value: 16 bytes per value instead of 80 (at
    // 1M small values, 64 MB less at the peak of a map's write)
    const written: Written | undefined = this.#ram === undefined ? undefined : { keys: [], values: [] };
    let open = true;
    const writer: CacheWriter<unknown> = {
      set: (key, value) => {
        checkKey(key, open);
        // inline values are not kept in RAM (see #ram)
        if (!shard.set(key, value) && written !== undefined) {
          written.keys.push(key);
          written.values.push(value);
        }
      },
      delete: (key) => {
        checkKey(key, open);
        shard.delete(key);
      },
      flush: () => {
        if (open) shard.flush();
      },
    };
    try {
      await fn(writer);
    } finally {
      open = false;
      if (shard.close()) {
        // values to keep in RAM need their records now; otherwise the shard is read when the index is next used
        if (written !== undefined && written.keys.length > 0) {
          this.#index.refreshShard(shard.id);
          this.#keepWritten(shard.id, written);
        } else this.#index.deferShard(shard.id);
      }
    }
  }

  async clear(): Promise<void> {
    let names: string[] = [];
    try {
      names = await readdir(this.#folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    for (const ext of [INDEX_EXT, DATA_EXT]) {
      for (const name of names) if (name.endsWith(ext)) await rm(join(this.#folder, name), { force: true });
    }
    this.#index.reset();
    this.#ram?.clear();
  }

  async refresh(): Promise<void> {
    this.#index.refresh();
  }

  #maybeRefresh(): void {
    this.#index.ensureLoaded();
    this.#index.refreshIfOlderThan(this.#options.refreshIntervalMs);
  }

  /** Decodes an inline value into `out[slot]`; false (after a warning) when it is unreadable. */
  #readInline(key: string, chunk: Chunk, pos: number, out: unknown[], slot: number): boolean {
    const { buf } = chunk;
    try {
      const start = inlineStart(buf, pos);
      const end = start + valueLength(buf, pos);
      const kind = buf[pos + REC.kind]!;
      // msgpack, the usual inline kind, has no handler header: straight to the decoder
      out[slot] =
        kind === KIND.msgpack
          ? unpack(buf, start, end)
          : decodeValue(kind, recordMeta(buf, pos), buf, start, end, false);
      return true;
    } catch (cause) {
      const file = this.#index.indexPath(chunk.shard);
      const offset = chunk.fileOffset + pos;
      this.#warn(
        new CacheError(
          `CacheDict: bad value in "${file}" at offset ${offset} (undecodable value); it reads as missing`,
          {
            kind: "bad-value",
            file,
            offset,
            key,
            cause,
          },
        ),
      );
      this.#index.table.markBad(key);
      return false;
    }
  }

  #keepWritten(shardId: string, written: Written): void {
    const { keys, values } = written;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const ref = this.#index.table.lookup(key);
      if (ref === undefined || ref.chunk.shard !== shardId) continue;
      if ((ref.chunk.buf[ref.pos + REC.flags]! & FLAG_INLINE) === 0)
        this.#ram!.set(key, { chunk: ref.chunk, pos: ref.pos, value: values[i] });
    }
  }
}

import { getLogger } from "@exca/config";
import type { Backend, CacheWriter } from "./backend.js";
import type { CacheError } from "./errors.js";
import { FolderStore } from "./folder-store.js";
import { type CacheDictOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { RamStore } from "./ram-store.js";

const log = getLogger("storage");
const MISSING: unique symbol = Symbol("missing");
const ENTRIES_BATCH = 512;

/**
 * A key-value store for millions of items, shared safely by concurrent processes.
 *
 * With a `folder`, each `write()` call appends to its own shard files, readers load the index lazily and
 * incrementally, and corrupt or torn records read as missing (with a warning). `has`, `keys` and `size`
 * are synchronous: the index loads on first use, and refreshes (only new bytes are read) on `refresh()`,
 * and on a miss or a `keys`/`size` call when the last refresh is older than `refreshIntervalMs`.
 *
 * @example
 * const store = new CacheDict<Float32Array>({ folder: "/tmp/cache" });
 * await store.write((w) => w.set("a", new Float32Array([1, 2])));
 * const a = await store.get("a");
 */
export class CacheDict<T = unknown> {
  /** Absolute folder of the store, undefined when RAM-only. */
  readonly folder: string | undefined;
  /** The options in effect, defaults applied. */
  readonly options: Readonly<ResolvedOptions>;
  readonly #backend: Backend;
  readonly #warned = new Set<string>();

  constructor(options: CacheDictOptions) {
    this.options = resolveOptions(options);
    this.folder = this.options.folder;
    this.#backend =
      this.folder === undefined
        ? new RamStore(this.options.cacheType)
        : new FolderStore(this.folder, this.options, (error) => this.#warnOnce(error));
  }

  /** True when `key` holds a value (synchronous; may refresh the index on a miss, see the class notes). */
  has(key: string): boolean {
    return this.#backend.has(key);
  }

  /** The value of `key`, or `undefined` (or `fallback`) when missing or unreadable. */
  get(key: string): Promise<T | undefined>;
  get<D>(key: string, fallback: D): Promise<T | D>;
  async get<D>(key: string, fallback?: D): Promise<T | D | undefined> {
    const [value] = await this.#backend.getMany([key], fallback);
    return value as T | D | undefined;
  }

  /** The values of `keys` in order, `undefined` (or `fallback`) where missing; reads data files in bulk. */
  getMany(keys: readonly string[]): Promise<Array<T | undefined>>;
  getMany<D>(keys: readonly string[], fallback: D): Promise<Array<T | D>>;
  async getMany<D>(keys: readonly string[], fallback?: D): Promise<Array<T | D | undefined>> {
    return (await this.#backend.getMany(keys, fallback)) as Array<T | D | undefined>;
  }

  /** The keys holding a value (a snapshot). */
  keys(): string[] {
    return this.#backend.keys();
  }

  /** Number of keys holding a value. */
  get size(): number {
    return this.#backend.size;
  }

  /** Iterates `[key, value]` over a snapshot of the keys, reading values in batches. */
  async *entries(): AsyncGenerator<[string, T]> {
    const keys = this.keys();
    for (let start = 0; start < keys.length; start += ENTRIES_BATCH) {
      const batch = keys.slice(start, start + ENTRIES_BATCH);
      const values = await this.#backend.getMany(batch, MISSING);
      for (let i = 0; i < batch.length; i++) {
        if (values[i] !== MISSING) yield [batch[i]!, values[i] as T];
      }
    }
  }

  /**
   * Runs `fn` with a writer; its sets and deletes go to one new shard, sealed when `fn` settles (sets made
   * before `fn` throws are kept). Throws a CacheError naming the key when a value cannot round-trip exactly.
   */
  async write(fn: (writer: CacheWriter<T>) => void | Promise<void>): Promise<void> {
    await this.#backend.write(fn as (writer: CacheWriter<unknown>) => unknown);
  }

  /** Deletes `key` (a tombstone in a new shard); returns whether it held a value. */
  async delete(key: string): Promise<boolean> {
    const existed = this.has(key);
    await this.#backend.write((writer) => writer.delete(key));
    return existed;
  }

  /** Removes every shard file of the folder (and every value kept in RAM). */
  async clear(): Promise<void> {
    await this.#backend.clear();
  }

  /** Reads what other writers appended since the last refresh, so their keys become visible. */
  async refresh(): Promise<void> {
    await this.#backend.refresh();
  }

  #warnOnce(error: CacheError): void {
    if (this.options.onProblem !== undefined) {
      this.options.onProblem(error);
      return;
    }
    const id = `${error.file}:${error.offset}:${error.message}`;
    if (this.#warned.has(id)) return;
    this.#warned.add(id);
    log.warn(error.message, error);
  }
}

import { getLogger } from "@exca/config";
import { CacheDict, type CacheDictOptions } from "@exca/storage";
import { LRUCache } from "lru-cache";
import { keyScheme } from "./cache-key.js";
import { DiskBatch } from "./disk-batch.js";

const log = getLogger("cache");
const MISSING: unique symbol = Symbol("missing");

/** Options of {@link memoize}. */
export interface MemoizeOptions<A extends unknown[]> {
  /** Folder of the disk layer (a CacheDict, shareable between processes). @default undefined (no disk layer) */
  folder?: string;
  /** Maximum number of results kept in RAM (least recently used go first), or `false` for none. @default 1000 */
  ram?: false | number;
  /** Part of every key: change it when the function's results change. @default "" */
  version?: string;
  /** Builds the arguments part of the key instead of `uid(args)` from `@exca/config`. @default undefined */
  key?: (...args: A) => string;
  /** Remember failures too (in RAM only), so a repeated call rethrows without running the function. @default false */
  cacheErrors?: boolean;
  /** Name in the keys; needed for anonymous functions with a folder. @default fn.name */
  name?: string;
  /** Options of the disk layer's CacheDict (permissions, cacheType, fsync...). @default {} */
  storage?: Omit<CacheDictOptions, "folder">;
  /**
   * `0`: each result is on disk (readable by other processes) before its call resolves. A positive
   * value batches results computed within that many ms into one write (one shard), for many tiny
   * calls; the risk: a process killed before the batch is written loses those results (call `flush()`
   * before exiting). @default 0
   */
  flushMs?: number;
}

/** What {@link memoize} adds to the memoized function. */
export interface MemoizeControls {
  /** Forgets every result of this function, in RAM and on disk (other functions sharing the folder keep theirs). */
  clear(): Promise<void>;
  /** Writes the results still waiting for the disk; resolves when they are stored. */
  flush(): Promise<void>;
  /** The disk layer, when there is one. */
  readonly store: CacheDict | undefined;
}

/** A memoized function: same parameters as the original, always async, plus {@link MemoizeControls}. */
export type Memoized<A extends unknown[], R> = ((...args: A) => Promise<R>) & MemoizeControls;

type Remembered<R> = { value: R } | { error: unknown };

/**
 * Caches `fn`'s results in RAM (an LRU) and/or in a folder, keyed by `<name>:<version>:<uid of the arguments>`.
 * Concurrent calls with the same key share one computation; failures are not cached unless `cacheErrors`.
 * `fn` may be sync or async; the memoized function always returns a promise.
 */
export function memoize<A extends unknown[], R>(
  fn: (...args: A) => R,
  options: MemoizeOptions<A> = {},
): Memoized<A, Awaited<R>> {
  const { folder, ram = 1000, version = "", cacheErrors = false, flushMs = 0 } = options;
  const name = options.name ?? fn.name;
  if (folder !== undefined && name === "") {
    throw new TypeError("memoize: an anonymous function needs options.name to share a folder safely");
  }
  if (ram !== false && !(Number.isInteger(ram) && ram > 0)) {
    throw new TypeError(`memoize: options.ram must be false or a positive integer, got ${ram}`);
  }
  if (!(Number.isFinite(flushMs) && flushMs >= 0))
    throw new TypeError(`memoize: options.flushMs must be a number >= 0, got ${flushMs}`);
  if (cacheErrors && ram === false)
    throw new TypeError("memoize: cacheErrors needs the RAM layer (ram is false)");
  const scheme = keyScheme(name || "anonymous", version, options.key);
  const memory = ram === false ? undefined : new LRUCache<string, Remembered<Awaited<R>>>({ max: ram });
  const store = folder === undefined ? undefined : new CacheDict({ ...options.storage, folder });
  const batch = store === undefined ? undefined : new DiskBatch(store, flushMs, warnUnstored);
  const inFlight = new Map<string, Promise<Awaited<R>>>();

  const compute = async (key: string, args: A): Promise<Awaited<R>> => {
    if (batch?.has(key)) return batch.valueOf(key) as Awaited<R>;
    if (store !== undefined) {
      const stored = await store.get(key, MISSING);
      if (stored !== MISSING) {
        memory?.set(key, { value: stored as Awaited<R> });
        return stored as Awaited<R>;
      }
    }
    let value: Awaited<R>;
    try {
      value = await fn(...args);
    } catch (error) {
      if (cacheErrors) memory?.set(key, { error });
      throw error;
    }
    memory?.set(key, { value });
    batch?.add(key, value);
    // Durable by default: the call resolves once its result is stored.
    if (flushMs === 0) await batch?.flush();
    return value;
  };

  const memoized = (...args: A): Promise<Awaited<R>> => {
    let key: string;
    try {
      key = scheme.keyOf(args);
    } catch (error) {
      return Promise.reject(error);
    }
    const remembered = memory?.get(key);
    if (remembered !== undefined) {
      return "error" in remembered ? Promise.reject(remembered.error) : Promise.resolve(remembered.value);
    }
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    const promise = compute(key, args).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };

  const controls: MemoizeControls = {
    store,
    flush: async () => {
      await batch?.flush();
    },
    clear: async () => {
      memory?.clear();
      batch?.discard();
      if (store === undefined) return;
      await store.refresh();
      const keys = store.keys();
      const mine = keys.filter((key) => key.startsWith(scheme.prefix));
      if (mine.length === keys.length) await store.clear();
      else
        await store.write((w) => {
          for (const key of mine) w.delete(key);
        });
    },
  };
  return Object.assign(memoized, controls);
}

function warnUnstored(error: unknown): void {
  log.warn(`memoize: a result could not be written to disk: ${(error as Error).message}`, error);
}

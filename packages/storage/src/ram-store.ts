import type { Backend, CacheWriter } from "./backend.js";
import { type CacheType, checkKey, checkValue } from "./codec.js";

/**
 * The RAM-only store: a Map holding the values themselves (not copies). Values are checked like on disk,
 * so a program behaves the same whichever mode it runs with.
 */
export class RamStore implements Backend {
  readonly #map = new Map<string, unknown>();
  readonly #cacheType: CacheType;

  constructor(cacheType: CacheType) {
    this.#cacheType = cacheType;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  keys(): string[] {
    return [...this.#map.keys()];
  }

  get size(): number {
    return this.#map.size;
  }

  async getMany(keys: readonly string[], fallback: unknown): Promise<unknown[]> {
    return keys.map((key) => (this.#map.has(key) ? this.#map.get(key) : fallback));
  }

  async write(fn: (writer: CacheWriter<unknown>) => unknown): Promise<void> {
    let open = true;
    const guard = (key: string): void => {
      checkKey(key, open);
    };
    const writer: CacheWriter<unknown> = {
      set: (key, value) => {
        guard(key);
        checkValue(key, value, this.#cacheType);
        this.#map.set(key, value);
      },
      delete: (key) => {
        guard(key);
        this.#map.delete(key);
      },
      flush: () => {},
    };
    try {
      await fn(writer);
    } finally {
      open = false;
    }
  }

  async clear(): Promise<void> {
    this.#map.clear();
  }

  async refresh(): Promise<void> {}
}

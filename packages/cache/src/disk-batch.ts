import type { CacheDict } from "@exca/storage";

/**
 * Results waiting to go to disk: collected for `delayMs`, then written in one `write()` call (one shard),
 * so that many calls do not create many small files. A value that cannot be stored is reported through
 * `onError` and skipped; the others are written.
 */
export class DiskBatch {
  readonly #store: CacheDict;
  readonly #delayMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #pending = new Map<string, unknown>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(store: CacheDict, delayMs: number, onError: (error: unknown) => void) {
    this.#store = store;
    this.#delayMs = delayMs;
    this.#onError = onError;
  }

  /** True when `key` waits to be written; its value is then `valueOf(key)`. */
  has(key: string): boolean {
    return this.#pending.has(key);
  }

  /** The value waiting under `key`. */
  valueOf(key: string): unknown {
    return this.#pending.get(key);
  }

  /** Queues one result; the batch is written `delayMs` after the first queued one (with a delay of 0, by `flush()`). */
  add(key: string, value: unknown): void {
    this.#pending.set(key, value);
    if (this.#delayMs === 0) return;
    this.#timer ??= setTimeout(() => {
      void this.flush();
    }, this.#delayMs);
  }

  /** Drops every queued result. */
  discard(): void {
    this.#pending.clear();
  }

  /**
   * Writes what is queued; resolves once it and any earlier batch are on disk. The entries are taken when
   * the write starts, so results queued while an earlier write runs go to disk together, in one write.
   */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const write = async (): Promise<void> => {
      const entries = [...this.#pending];
      this.#pending.clear();
      if (entries.length === 0) return;
      await this.#store.write((w) => {
        for (const [key, value] of entries) {
          try {
            w.set(key, value);
          } catch (error) {
            this.#onError(error);
          }
        }
      });
    };
    this.#writing = this.#writing.then(write).catch(this.#onError);
    return this.#writing;
  }
}

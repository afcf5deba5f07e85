/** Collects the sets and deletes of one `write()` call. */
export interface CacheWriter<T> {
  /** Stores `value` under `key` (visible to readers once the write ends, or earlier for big batches). */
  set(key: string, value: T): void;
  /** Deletes `key` (a tombstone: a later set of the key wins again). */
  delete(key: string): void;
  /**
   * Writes what was set so far to disk now, so that other processes see it and a crash keeps it (for
   * long writes that produce values one by one, such as a map job).
   */
  flush(): void;
}

/** What a CacheDict delegates to: RAM-only, or a folder of shards. */
export interface Backend {
  has(key: string): boolean;
  keys(): string[];
  readonly size: number;
  getMany(keys: readonly string[], fallback: unknown): Promise<unknown[]>;
  write(fn: (writer: CacheWriter<unknown>) => unknown): Promise<void>;
  clear(): Promise<void>;
  refresh(): Promise<void>;
}

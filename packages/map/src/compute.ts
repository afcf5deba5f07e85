import type { CacheDict } from "@exca/storage";

/** What a map method may return for its items: an (async) iterable, or a promise of an array. */
type MethodOutput = Iterable<unknown> | AsyncIterable<unknown> | Promise<Iterable<unknown>>;

async function* outputsOf(output: unknown): AsyncGenerator<unknown> {
  const resolved = output instanceof Promise ? await output : output;
  if (resolved !== null && typeof resolved === "object") {
    if (Symbol.asyncIterator in resolved) {
      yield* resolved as AsyncIterable<unknown>;
      return;
    }
    if (Symbol.iterator in resolved && typeof resolved !== "string") {
      yield* resolved as Iterable<unknown>;
      return;
    }
  }
  throw new TypeError(
    `a map method must yield (or return an array of) one result per item, got ${typeof resolved}`,
  );
}

/** Results are made visible to readers at least this often while a method runs. */
const FLUSH_MS = 200;

/**
 * Calls a map method on `items` and stores each result under its key as soon as it is produced (so a
 * crash keeps what was done); `onResult` sees each one. Throws when the method yields more or fewer
 * results than items.
 */
export async function computeInto(
  call: (items: unknown[]) => unknown,
  label: string,
  items: unknown[],
  keys: readonly string[],
  store: CacheDict | null,
  onResult: (key: string, value: unknown) => void,
): Promise<void> {
  const run = async (set: (key: string, value: unknown) => void, flush: () => void): Promise<void> => {
    let count = 0;
    let flushed = Date.now();
    for await (const value of outputsOf(call(items) as MethodOutput)) {
      if (count >= items.length)
        throw new Error(`${label} yielded more results than its ${items.length} items`);
      const key = keys[count++]!;
      set(key, value);
      onResult(key, value);
      if (Date.now() - flushed >= FLUSH_MS) {
        flush();
        flushed = Date.now();
      }
    }
    if (count < items.length) {
      throw new Error(
        `${label} yielded ${count} results for ${items.length} items: it must yield exactly one per item`,
      );
    }
  };
  if (store === null)
    await run(
      () => {},
      () => {},
    );
  else
    await store.write((writer) =>
      run(
        (key, value) => writer.set(key, value),
        () => writer.flush(),
      ),
    );
}

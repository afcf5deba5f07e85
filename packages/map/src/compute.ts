import { writeFailure } from "@exca/infra";
import type { CacheDict } from "@exca/storage";

/** A method's output as an iterable: arrays and sync generators stay sync (no await per item). */
async function outputsOf(output: unknown): Promise<Iterable<unknown> | AsyncIterable<unknown>> {
  const resolved = output instanceof Promise ? await output : output;
  if (
    resolved !== null &&
    typeof resolved === "object" &&
    (Symbol.asyncIterator in resolved || Symbol.iterator in resolved)
  ) {
    return resolved as Iterable<unknown> | AsyncIterable<unknown>;
  }
  throw new TypeError(
    `a map method must yield (or return an array of) one result per item, got ${typeof resolved}`,
  );
}

/** Results are made visible to readers at least this often while a method runs. */
const FLUSH_MS = 200;

/**
 * Calls a map method on `items` and stores each result under its key as soon as it is produced (so a
 * crash keeps what was done); `onResult` sees each one, with its index in `items`. Throws when the method yields more or fewer
 * results than items.
 */
export async function computeInto(
  call: (items: unknown[]) => unknown,
  label: string,
  items: unknown[],
  keys: readonly string[],
  store: CacheDict | null,
  onResult: (index: number, value: unknown) => void,
): Promise<void> {
  const run = async (set: (key: string, value: unknown) => void, flush: () => void): Promise<void> => {
    let count = 0;
    let flushed = Date.now();
    const take = (value: unknown): void => {
      if (count >= items.length)
        throw new Error(`${label} yielded more results than its ${items.length} items`);
      const index = count++;
      set(keys[index]!, value);
      onResult(index, value);
      if (Date.now() - flushed >= FLUSH_MS) {
        flush();
        flushed = Date.now();
      }
    };
    const outputs = await outputsOf(call(items));
    if (Symbol.asyncIterator in outputs) for await (const value of outputs) take(value);
    else for (const value of outputs as Iterable<unknown>) take(value);
    if (count < items.length) {
      throw new Error(
        `${label} yielded ${count} results for ${items.length} items: it must yield exactly one per item`,
      );
    }
  };
  if (store === null) {
    await run(
      () => {},
      () => {},
    );
    return;
  }
  // Failures to write (disk full, read-only folder) name the folder; the method's own errors pass as they are.
  const folder = store.folder ?? "RAM";
  const guard = (write: () => void): void => {
    try {
      write();
    } catch (error) {
      throw writeFailure(error, folder);
    }
  };
  let methodError: unknown;
  try {
    await store.write((writer) =>
      run(
        (key, value) => guard(() => writer.set(key, value)),
        () => guard(() => writer.flush()),
      ).catch((error: unknown) => {
        methodError = error;
        throw error;
      }),
    );
  } catch (error) {
    throw error === methodError ? error : writeFailure(error, folder);
  }
}

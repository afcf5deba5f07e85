import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CacheWriter } from "./backend.js";
import { CacheDict } from "./cache-dict.js";
import { CacheError } from "./errors.js";
import type { CacheDictOptions } from "./options.js";
import { assertSameValue } from "./same-value.js";

/** What a handler must store exactly, and what it must refuse. */
export interface ConformanceValues {
  /** Values that must come back exactly, by key (at least two). */
  samples: Record<string, unknown>;
  /** Values that must be refused at write time, by key. */
  rejects: Record<string, unknown>;
}

/**
 * Defines a node:test suite checking the CacheDict contract for a configuration; `makeOptions` is called
 * once per test and must give a fresh store (e.g. a new folder).
 */
export function runCacheDictConformance(
  name: string,
  makeOptions: () => CacheDictOptions,
  values: ConformanceValues,
): void {
  const entries = Object.entries(values.samples);
  const keys = entries.map(([key]) => key);
  const fill = (w: CacheWriter<unknown>): void => {
    for (const [key, value] of entries) w.set(key, value);
  };

  describe(`CacheDict conformance: ${name}`, () => {
    it("brings every sample back exactly through get, getMany and entries", async () => {
      const store = new CacheDict(makeOptions());
      await store.write(fill);
      for (const [key, value] of entries) assertSameValue(await store.get(key), value, key);
      const many = await store.getMany(keys);
      entries.forEach(([key, value], i) => {
        assertSameValue(many[i], value, key);
      });
      const seen = new Map<string, unknown>();
      for await (const [key, value] of store.entries()) seen.set(key, value);
      assert.deepEqual([...seen.keys()].sort(), [...keys].sort());
      for (const [key, value] of entries) assertSameValue(seen.get(key), value, key);
    });

    it("persists to a folder (a new instance reads it), or stays private to the instance in RAM", async () => {
      const options = makeOptions();
      await new CacheDict(options).write(fill);
      const reopened = new CacheDict(options);
      if (options.folder === undefined) {
        assert.equal(reopened.size, 0);
        return;
      }
      assert.deepEqual(reopened.keys().sort(), [...keys].sort());
      for (const [key, value] of entries) assertSameValue(await reopened.get(key), value, key);
    });

    it("answers has, keys and size, and undefined or the fallback for missing keys", async () => {
      const store = new CacheDict(makeOptions());
      assert.equal(store.size, 0);
      assert.equal(store.has(keys[0]!), false);
      await store.write(fill);
      assert.equal(store.size, keys.length);
      assert.deepEqual(store.keys().sort(), [...keys].sort());
      assert.equal(store.has(keys[0]!), true);
      assert.equal(store.has("missing"), false);
      assert.equal(await store.get("missing"), undefined);
      const fallback = Symbol("fallback");
      assert.equal(await store.get("missing", fallback), fallback);
      assert.deepEqual(await store.getMany(["missing", "other"], fallback), [fallback, fallback]);
    });

    it("lets the later of two sets win, within one write and across writes", async () => {
      const options = makeOptions();
      const store = new CacheDict(options);
      const [first, second] = entries.map(([, value]) => value);
      await store.write((w) => {
        w.set("k", first);
        w.set("k", second);
      });
      assertSameValue(await store.get("k"), second);
      await store.write((w) => w.set("k", first));
      assertSameValue(await store.get("k"), first);
      assert.equal(store.size, 1);
      if (options.folder !== undefined) assertSameValue(await new CacheDict(options).get("k"), first);
    });

    it("deletes with a tombstone that a later set overrides", async () => {
      const options = makeOptions();
      const store = new CacheDict(options);
      await store.write(fill);
      assert.equal(await store.delete(keys[0]!), true);
      assert.equal(await store.delete("never-set"), false);
      assert.equal(store.has(keys[0]!), false);
      assert.equal(store.size, keys.length - 1);
      if (options.folder !== undefined) assert.equal(new CacheDict(options).has(keys[0]!), false);
      await store.write((w) => w.set(keys[0]!, entries[0]![1]));
      assertSameValue(await store.get(keys[0]!), entries[0]![1]);
      if (options.folder !== undefined)
        assertSameValue(await new CacheDict(options).get(keys[0]!), entries[0]![1]);
    });

    it("clear() removes everything", async () => {
      const options = makeOptions();
      const store = new CacheDict(options);
      await store.write(fill);
      await store.clear();
      assert.equal(store.size, 0);
      assert.equal(await store.get(keys[0]!), undefined);
      assert.equal(new CacheDict(options).size, 0);
      await store.write((w) => w.set("after", entries[0]![1]));
      assert.deepEqual(store.keys(), ["after"]);
    });

    it("refuses values that cannot round-trip, naming the key", async () => {
      const store = new CacheDict(makeOptions());
      for (const [key, value] of Object.entries(values.rejects)) {
        await assert.rejects(
          store.write((w) => w.set(key, value)),
          (error: unknown) => error instanceof CacheError && error.key === key && error.message.includes(key),
          key,
        );
        assert.equal(store.has(key), false, key);
      }
    });

    it("refuses a writer used after its write() ended", async () => {
      const store = new CacheDict(makeOptions());
      let leaked: CacheWriter<unknown> | undefined;
      await store.write((w) => {
        leaked = w;
      });
      assert.throws(() => leaked!.set(keys[0]!, entries[0]![1]), CacheError);
      assert.equal(store.has(keys[0]!), false);
    });
  });
}

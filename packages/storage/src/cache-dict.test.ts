import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { after, describe, it } from "node:test";
import { runCacheDictConformance } from "./conformance.js";
import { CacheDict, CacheError, type CacheType } from "./index.js";
import { SAMPLES } from "./test-fixtures/samples.js";
import { tempRoot } from "./test-fixtures/tmp.js";

const root = tempRoot("cache-dict");
after(() => root.remove());

for (const handler of ["msgpack", "raw", "ndarray", "string", "auto"] as const) {
  const cacheType: CacheType = handler;
  runCacheDictConformance(`${handler}, RAM only`, () => ({ keepInRam: true, cacheType }), SAMPLES[handler]);
  runCacheDictConformance(
    `${handler}, folder`,
    () => ({ folder: root.folder(), cacheType }),
    SAMPLES[handler],
  );
}
runCacheDictConformance(
  "auto, folder + keepInRam",
  () => ({ folder: root.folder(), keepInRam: true }),
  SAMPLES.auto,
);
runCacheDictConformance(
  "msgpack, folder, nothing inline",
  () => ({ folder: root.folder(), inlineMaxBytes: 0, cacheType: "msgpack" }),
  SAMPLES.msgpack,
);

describe("CacheDict options", () => {
  it("needs a folder unless keepInRam is set", () => {
    assert.throws(() => new CacheDict({}), /options\.folder is required/);
    assert.equal(new CacheDict({ keepInRam: true }).folder, undefined);
  });

  it("quotes bad option values", () => {
    assert.throws(() => new CacheDict({ folder: root.folder(), permissions: 0o70000 }), /got 28672/);
    assert.throws(
      () => new CacheDict({ folder: root.folder(), cacheType: "pickle" as CacheType }),
      (error: unknown) => error instanceof CacheError && error.message.includes('"pickle"'),
    );
    assert.throws(() => new CacheDict({ folder: root.folder(), refreshIntervalMs: -1 }), /got -1/);
  });

  it("resolves the folder to an absolute path and applies defaults", () => {
    const store = new CacheDict({ folder: "relative/store" });
    assert.ok(isAbsolute(store.folder!));
    assert.equal(store.options.cacheType, "auto");
    assert.equal(store.options.refreshIntervalMs, 500);
    assert.equal(store.options.fsync, false);
  });
});

describe("CacheDict.write", () => {
  it("keeps the sets made before the callback throws, then rethrows", async () => {
    const store = new CacheDict({ folder: root.folder() });
    await assert.rejects(
      store.write((w) => {
        w.set("kept", 1);
        throw new Error("callback failed");
      }),
      /callback failed/,
    );
    assert.equal(await store.get("kept"), 1);
  });

  it("accepts an async callback and writes nothing for an empty one", async () => {
    const folder = root.folder();
    const store = new CacheDict({ folder });
    await store.write(async () => {});
    assert.equal(store.size, 0);
    await store.write(async (w) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      w.set("late", "value");
    });
    assert.equal(await new CacheDict({ folder }).get("late"), "value");
  });

  it("keepInRam with a folder: a small value changed after its write, or by a reader, reads as stored", async () => {
    const store = new CacheDict<{ a: number }>({ folder: root.folder(), keepInRam: true });
    const written = { a: 1 };
    await store.write((w) => w.set("k", written));
    written.a = 2; // the writer's object is not the stored value
    const read = (await store.get("k"))!;
    assert.deepEqual(read, { a: 1 });
    read.a = 3; // nor is one reader's copy another's
    assert.deepEqual(await store.get("k"), { a: 1 });
  });

  it("refuses non-string keys", async () => {
    const store = new CacheDict({ keepInRam: true });
    await assert.rejects(
      store.write((w) => w.set(42 as unknown as string, 1)),
      /keys must be strings, got number/,
    );
  });

  it("fails with a CacheError when the folder cannot be created", async () => {
    const blocker = root.folder();
    writeFileSync(blocker, "a file, not a folder");
    const store = new CacheDict({ folder: join(blocker, "store") });
    await assert.rejects(
      store.write((w) => w.set("k", 1)),
      (error: unknown) =>
        error instanceof CacheError && error.file === join(blocker, "store") && error.cause !== undefined,
    );
  });

  it("clear() leaves no shard file behind", async () => {
    const folder = root.folder();
    const store = new CacheDict({ folder });
    await store.write((w) => w.set("k", new Float64Array(1000)));
    await store.write((w) => w.delete("k"));
    assert.equal(readdirSync(folder).length, 3);
    await store.clear();
    assert.deepEqual(readdirSync(folder), []);
  });

  it("stores with fsync on", async () => {
    const folder = root.folder();
    await new CacheDict({ folder, fsync: true }).write((w) =>
      w.set("durable", new Float64Array(100).fill(1)),
    );
    assert.deepEqual(await new CacheDict({ folder }).get("durable"), new Float64Array(100).fill(1));
  });
});

describe("CacheWriter.flush", () => {
  it("makes values written so far visible to other readers before the write ends", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const folder = await mkdtemp(join(tmpdir(), "exca-flush-"));
    try {
      const store = new CacheDict<number>({ folder });
      await store.write(async (writer) => {
        writer.set("early", 1);
        writer.flush();
        const reader = new CacheDict<number>({ folder });
        assert.equal(reader.has("early"), true);
        assert.equal(await reader.get("early"), 1);
        writer.set("late", 2);
      });
      assert.equal(await new CacheDict<number>({ folder }).get("late"), 2);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, describe, it } from "node:test";
import { FolderIndex } from "./folder-index.js";
import { CacheDict } from "./index.js";
import { pack } from "./msgpack.js";
import { craftShard } from "./test-fixtures/craft.js";
import { runFixture } from "./test-fixtures/spawn.js";
import { tempRoot } from "./test-fixtures/tmp.js";

const root = tempRoot("ordering");
after(() => root.remove());

async function inChild(folder: string, op: string, key: string, value?: unknown): Promise<unknown> {
  const args = [folder, op, key, ...(value === undefined ? [] : [JSON.stringify(value)])];
  return JSON.parse(await runFixture("store-op", args)) as unknown;
}

const A = "other-host-1-aaaaaaaaaaaa";
const B = "other-host-1-bbbbbbbbbbbb";

/** Loads the shards one at a time in the given order and returns whether `key` ends up holding a value. */
function hasAfterLoading(folder: string, order: Array<() => void>): boolean {
  const index = new FolderIndex(folder, () => {});
  for (const create of order) {
    create();
    index.refresh();
  }
  return index.table.has("k");
}

describe("set / delete ordering", { timeout: 60_000 }, () => {
  it("keeps a tombstone across re-reads and processes; a later set wins over it", async () => {
    const folder = root.folder();
    const store = new CacheDict({ folder, refreshIntervalMs: 0 });
    await store.write((w) => w.set("k", { v: 1 }));
    assert.equal(store.has("k"), true);
    assert.equal(await inChild(folder, "delete", "k"), true);
    assert.equal(store.has("k"), true, "a hit does not refresh");
    await store.refresh();
    assert.equal(store.has("k"), false);
    assert.equal(new CacheDict({ folder }).has("k"), false);
    assert.equal(await inChild(folder, "has", "k"), false);
    await store.write((w) => w.set("k", { v: 2 }));
    assert.deepEqual(await inChild(folder, "get", "k"), { v: 2 });
    await inChild(folder, "set", "k", { v: 3 });
    await store.refresh();
    assert.deepEqual(await store.get("k"), { v: 3 });
  });

  it("lets the newest timestamp win, whatever the writer ids", () => {
    for (const [setAt, deleteAt, expected] of [
      [2000, 1000, true],
      [1000, 2000, false],
    ] as const) {
      const folder = root.folder();
      mkdirSync(folder);
      const setShard = () => craftShard(folder, A, [{ key: "k", timestamp: setAt, msgpack: pack("k", 1) }]);
      const deleteShard = () => craftShard(folder, B, [{ key: "k", timestamp: deleteAt }]);
      assert.equal(hasAfterLoading(folder, [setShard, deleteShard]), expected);
      assert.equal(new CacheDict({ folder }).has("k"), expected);
    }
  });

  it("breaks timestamp ties by writer id, in whichever order the shards load", () => {
    for (const [setId, deleteId, expected] of [
      [B, A, true],
      [A, B, false],
    ] as const) {
      for (const setFirst of [true, false]) {
        const folder = root.folder();
        mkdirSync(folder);
        const setShard = () =>
          craftShard(folder, setId, [{ key: "k", timestamp: 5000, msgpack: pack("k", 1) }]);
        const deleteShard = () => craftShard(folder, deleteId, [{ key: "k", timestamp: 5000 }]);
        const order = setFirst ? [setShard, deleteShard] : [deleteShard, setShard];
        assert.equal(
          hasAfterLoading(folder, order),
          expected,
          `set in ${setId}, set loaded first: ${setFirst}`,
        );
      }
    }
  });

  it("within one shard, the later record wins", () => {
    const folder = root.folder();
    mkdirSync(folder);
    craftShard(folder, A, [
      { key: "k", timestamp: 7000, msgpack: pack("k", 1) },
      { key: "k", timestamp: 7000 },
      { key: "j", timestamp: 7000 },
      { key: "j", timestamp: 7000, msgpack: pack("j", 2) },
    ]);
    const index = new FolderIndex(folder, () => {});
    index.refresh();
    assert.deepEqual(index.table.keys(), ["j"]);
  });
});

import assert from "node:assert/strict";
import { renameSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { FolderIndex } from "./folder-index.js";
import { CacheDict } from "./index.js";
import { ensureFolder, listShards } from "./shard-files.js";
import { ShardWriter } from "./shard-writer.js";
import { tempRoot } from "./test-fixtures/tmp.js";

const root = tempRoot("folder-index");
after(() => root.remove());

function openWriter(folder: string): ShardWriter {
  ensureFolder(folder, undefined);
  return new ShardWriter({
    folder,
    cacheType: "auto",
    fsync: false,
    fileMode: undefined,
    inlineMaxBytes: 256,
  });
}

function noWarnings(): never {
  throw new Error("unexpected warning");
}

describe("FolderIndex", () => {
  it("reads only the bytes appended since the last refresh", () => {
    const folder = root.folder();
    const writer = openWriter(folder);
    writer.set("a", 1);
    writer.flush();
    const index = new FolderIndex(folder, noWarnings);
    index.refresh();
    assert.equal(index.table.chunks.length, 1);
    assert.equal(index.table.has("a"), true);
    const firstSize = statSync(index.indexPath(writer.id)).size;
    index.refresh();
    assert.equal(index.table.chunks.length, 1, "nothing new: nothing read");
    writer.set("b", 2);
    writer.flush();
    index.refresh();
    assert.equal(index.table.chunks.length, 2);
    assert.equal(index.table.chunks[1]!.fileOffset, firstSize);
    assert.equal(index.table.chunks[1]!.buf.length, statSync(index.indexPath(writer.id)).size - firstSize);
    assert.deepEqual(index.table.keys(), ["a", "b"]);
    writer.close();
    index.refresh();
    const sealed = index.table.chunks.length;
    index.refresh();
    assert.equal(index.table.chunks.length, sealed);
    assert.equal(index.generation, 0, "no full reload happened");
  });

  it("reloads everything when the index of a shard still being written shrinks", () => {
    const folder = root.folder();
    const writer = openWriter(folder);
    writer.set("a", 1);
    writer.set("b", 2);
    writer.flush();
    const index = new FolderIndex(folder, noWarnings);
    index.refresh();
    assert.deepEqual(index.table.keys(), ["a", "b"]);
    // Emptied in place (same inode) while its writer is alive: the shard is not sealed.
    truncateSync(index.indexPath(writer.id), 0);
    index.refresh();
    assert.equal(index.generation, 1, "a full reload");
    assert.deepEqual(index.table.keys(), []);
    writer.set("c", 3);
    writer.flush();
    index.refresh();
    assert.equal(index.table.has("c"), true);
    writer.close();
  });

  it("reloads everything when a shard shrinks, is replaced or vanishes", () => {
    const folder = root.folder();
    const first = openWriter(folder);
    first.set("a", 1);
    first.close();
    const second = openWriter(folder);
    second.set("b", 2);
    second.close();
    const index = new FolderIndex(folder, () => {});
    index.refresh();
    assert.deepEqual(index.table.keys().sort(), ["a", "b"]);

    truncateSync(index.indexPath(first.id), 0);
    index.refresh();
    assert.equal(index.generation, 1);
    assert.deepEqual(index.table.keys(), ["b"]);

    const replacement = join(folder, "replacement.tmp");
    writeFileSync(replacement, Buffer.alloc(0));
    renameSync(replacement, index.indexPath(second.id));
    index.refresh();
    assert.equal(index.generation, 2);
    assert.deepEqual(index.table.keys(), []);

    const third = openWriter(folder);
    third.set("c", 3);
    third.close();
    index.refresh();
    rmSync(index.indexPath(third.id));
    index.refresh();
    assert.equal(index.generation, 3);
    assert.equal(index.table.has("c"), false);
  });
});

describe("CacheDict refresh policy", () => {
  it("shows another instance's keys after refresh(), or on a miss once refreshIntervalMs has passed", async () => {
    const folder = root.folder();
    const writer = new CacheDict({ folder });
    await writer.write((w) => w.set("early", 1));
    const reader = new CacheDict({ folder, refreshIntervalMs: 60_000 });
    assert.equal(reader.has("early"), true, "first use loads the index");
    await writer.write((w) => w.set("late", 2));
    assert.equal(reader.has("late"), false, "a miss within the interval does not refresh");
    await reader.refresh();
    assert.equal(reader.has("late"), true);

    const eager = new CacheDict({ folder, refreshIntervalMs: 20 });
    assert.equal(eager.size, 2);
    await writer.write((w) => w.set("later", 3));
    await sleep(25);
    assert.equal(eager.has("later"), true, "a miss after the interval refreshes");
    await writer.write((w) => w.set("latest", 4));
    await sleep(25);
    assert.equal(await eager.get("latest"), 4, "get refreshes on a miss too");
  });

  it("answers keys() and size from memory once warm", async () => {
    const folder = root.folder();
    const writer = new CacheDict({ folder });
    await writer.write((w) => {
      for (let i = 0; i < 1000; i++) w.set(`k${i}`, i);
    });
    const index = new FolderIndex(folder, noWarnings);
    index.refresh();
    const chunks = index.table.chunks.length;
    for (let i = 0; i < 3; i++) {
      index.refreshIfOlderThan(0);
      assert.equal(index.table.keys().length, 1000);
    }
    assert.equal(index.table.chunks.length, chunks, "refreshes of an unchanged folder read nothing");
  });
});

describe("FolderIndex deferred shards", () => {
  it("reads a deferred shard on the next use of the index, not before", () => {
    const folder = root.folder();
    const index = new FolderIndex(folder, noWarnings);
    index.refresh();
    const writer = openWriter(folder);
    writer.set("a", 1);
    writer.close();
    index.deferShard(writer.id);
    assert.equal(index.table.chunks.length, 0, "nothing read when deferred");
    index.ensureLoaded();
    assert.equal(index.table.has("a"), true);
    assert.equal(index.table.chunks.length, 1);
    index.ensureLoaded();
    assert.equal(index.table.chunks.length, 1, "read once");
    // a refresh reads deferred shards with the others, once
    const second = openWriter(folder);
    second.set("b", 2);
    second.close();
    index.deferShard(second.id);
    index.refresh();
    index.ensureLoaded();
    assert.equal(index.table.chunks.length, 2);
    assert.deepEqual(index.table.keys().sort(), ["a", "b"]);
  });

  it("does not hold the index of what a write stored until a read needs it (no value kept in RAM)", async () => {
    const folder = root.folder();
    const dict = new CacheDict({ folder });
    assert.equal(dict.has("x"), false); // the index is loaded (empty) before the write, as a map's run does
    const n = 100_000;
    const before = process.memoryUsage().arrayBuffers;
    await dict.write((w) => {
      for (let i = 0; i < n; i++) w.set(`k${i}`, i);
    });
    const written = process.memoryUsage().arrayBuffers;
    const writer = listShards(folder)[0]!;
    const indexBytes = statSync(join(folder, `${writer}.index`)).size;
    assert.ok(indexBytes > 3_000_000, `index of ${indexBytes} bytes`);
    assert.ok(
      written - before < indexBytes / 2,
      `a write held ${written - before} bytes more, its index is ${indexBytes}`,
    );
    assert.equal(dict.has(`k${n - 1}`), true);
    assert.equal(await dict.get("k12345"), 12345);
    assert.equal(dict.size, n);
    assert.ok(process.memoryUsage().arrayBuffers - written > indexBytes * 0.9, "the index is read on use");
  });
});

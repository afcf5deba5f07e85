import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KIND } from "./codec.js";
import { FLAG_ASCII_KEY, REC, RECORD_HEADER_SIZE } from "./format.js";
import { IndexTable } from "./index-table.js";

/** One chunk of records (no frame around them), keys given as raw bytes; returns it and the record offsets. */
function chunkOf(records: Array<{ key: Buffer; kind?: number; flags?: number; ts?: number }>) {
  const positions: number[] = [];
  const parts = records.map(({ key, kind = KIND.msgpack, flags = 0, ts = 1 }) => {
    const header = Buffer.alloc(RECORD_HEADER_SIZE);
    header[REC.kind] = kind;
    header[REC.flags] = flags;
    header.writeUInt32LE(key.length, REC.keyLen);
    header.writeDoubleLE(ts, REC.ts);
    return Buffer.concat([header, key]);
  });
  let pos = 0;
  for (const part of parts) {
    positions.push(pos);
    pos += part.length;
  }
  return { buf: Buffer.concat(parts), positions };
}

function tableWith(keys: string[]): IndexTable {
  const table = new IndexTable();
  const { buf, positions } = chunkOf(keys.map((key) => ({ key: Buffer.from(key, "utf8") })));
  const chunkNo = table.addChunk({ buf, shard: "s", fileOffset: 0 });
  for (const pos of positions) assert.equal(table.offer(chunkNo, pos), true);
  return table;
}

describe("IndexTable", () => {
  it("finds every key, ASCII or not, short or long, and nothing else", () => {
    const keys = [
      "",
      "a",
      "é",
      "✓ check",
      "🎉",
      "\ufffd",
      "a\0b",
      "x".repeat(1000),
      "y".repeat(40) + "é",
      ...Array.from({ length: 20_000 }, (_, i) => `key-${i}`),
    ];
    const table = tableWith(keys);
    assert.equal(table.size, keys.length);
    for (const key of keys) assert.equal(table.has(key), true, key.slice(0, 20));
    for (const key of ["b", "key-20000", "x".repeat(999), "y".repeat(40), "e", "\ud800", "\udc00", "🎉x"])
      assert.equal(table.has(key), false, key.slice(0, 20));
    assert.deepEqual(table.keys(), keys, "keys in first-seen order");
  });

  it("a lone surrogate never matches the replacement character a lossy encoding would give it", () => {
    const table = tableWith(["\ufffd", "a\ufffdb"]);
    assert.equal(table.has("\ud800"), false);
    assert.equal(table.has("a\udfffb"), false);
  });

  it("ignores records whose key bytes are not UTF-8 (or not ASCII though flagged so)", () => {
    const table = new IndexTable();
    const { buf, positions } = chunkOf([
      { key: Buffer.from([0x61, 0xff]) },
      { key: Buffer.from("é", "utf8"), flags: FLAG_ASCII_KEY },
      { key: Buffer.from("fine") },
    ]);
    const chunkNo = table.addChunk({ buf, shard: "s", fileOffset: 0 });
    assert.deepEqual(
      positions.map((pos) => table.offer(chunkNo, pos)),
      [false, false, true],
    );
    assert.deepEqual(table.keys(), ["fine"]);
  });

  it("slotNear: a right guess, a wrong one, one out of range, a deleted key, a non-ASCII key like the guess's bytes", () => {
    // "Ã©" (U+00C3 U+00A9) has the UTF-16 units of the UTF-8 bytes of "é" (C3 A9): not the same key
    const table = tableWith(["a", "é", "bb", "c"]);
    const slot = (key: string) => table.slotOf(key);
    assert.equal(table.slotNear("bb", slot("bb")), slot("bb"));
    assert.equal(table.slotNear("bb", slot("a")), slot("bb"));
    assert.equal(table.slotNear("c", 99), slot("c"));
    assert.equal(table.slotNear("c", -1), slot("c"));
    assert.equal(table.slotNear("Ã©", slot("é")), -1);
    assert.equal(table.slotNear("é", slot("é")), slot("é"));
    assert.equal(table.slotNear("x", slot("a")), -1);
    const guess = slot("bb");
    table.markBad("bb");
    assert.equal(table.slotNear("bb", guess), -1);
  });

  it("keeps the newest record of a key, and tombstones and unreadable values read as missing", () => {
    const table = new IndexTable();
    const { buf, positions } = chunkOf([
      { key: Buffer.from("k"), ts: 2 },
      { key: Buffer.from("k"), ts: 1 },
      { key: Buffer.from("gone"), ts: 1 },
      { key: Buffer.from("gone"), ts: 2, kind: KIND.tombstone },
      { key: Buffer.from("bad"), ts: 1 },
    ]);
    const chunkNo = table.addChunk({ buf, shard: "s", fileOffset: 0 });
    for (const pos of positions) table.offer(chunkNo, pos);
    assert.equal(table.lookup("k")?.pos, positions[0]);
    assert.equal(table.has("gone"), false);
    table.markBad("bad");
    assert.equal(table.has("bad"), false);
    assert.deepEqual(table.keys(), ["k"]);
    assert.equal(table.size, 1);
  });

  it("finds every key after growing with keys in it (chunks added one by one, newer records of old keys)", () => {
    const table = new IndexTable();
    const keyOf = (i: number): string => (i % 5 === 0 ? `é-${i}` : `k${i}`);
    for (let round = 0; round < 40; round++) {
      // each chunk: 500 new keys, and 10 keys of the chunk before again (newer), which must win
      const fresh = Array.from({ length: 500 }, (_, i) => ({ key: keyOf(round * 500 + i), ts: 1 }));
      const again = Array.from({ length: round === 0 ? 0 : 10 }, (_, i) => ({
        key: keyOf((round - 1) * 500 + i),
        ts: 2,
      }));
      const records = [...fresh, ...again].map(({ key, ts }) => ({ key: Buffer.from(key, "utf8"), ts }));
      const { buf, positions } = chunkOf(records);
      const chunkNo = table.addChunk({ buf, shard: "s", fileOffset: 0 });
      for (const pos of positions) assert.equal(table.offer(chunkNo, pos), true);
    }
    assert.equal(table.size, 20_000);
    for (let i = 0; i < 20_000; i++) {
      const ref = table.lookup(keyOf(i));
      assert.ok(ref !== undefined, keyOf(i));
      const newer = i % 500 < 10 && i < 19_500;
      assert.equal(ref.chunk.buf.readDoubleLE(ref.pos + REC.ts), newer ? 2 : 1, keyOf(i));
    }
    assert.equal(table.has(keyOf(20_000)), false);
  });
});

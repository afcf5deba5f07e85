import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toChunks } from "./chunks.js";
import { shortenItemUid } from "./item-uid.js";

const sizes = (n: number, max: number | undefined, min: number): number[] =>
  toChunks(
    Array.from({ length: n }, (_, i) => i),
    max,
    min,
  ).map((chunk) => chunk.length);

describe("job sizing (exca's to_chunks)", () => {
  it("matches exca's examples", () => {
    assert.deepEqual(sizes(12, 5, 4), [4, 4, 4]);
    assert.deepEqual(sizes(13, 2, 5), [7, 6]);
    assert.deepEqual(sizes(13, undefined, 5), [5, 5, 3]);
    assert.deepEqual(sizes(0, 3, 1), []);
    assert.deepEqual(sizes(3, 128, 1), [1, 1, 1]);
  });

  it("keeps every item once, in order", () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    assert.deepEqual(toChunks(items, 7, 3).flat(), items);
  });
});

describe("item uid shortening", () => {
  it("leaves short uids alone and shortens long ones deterministically and idempotently", () => {
    assert.equal(shortenItemUid("abc", 32), "abc");
    const long = "x".repeat(100) + "y".repeat(100);
    const short = shortenItemUid(long, 64);
    assert.ok(short.length <= 64);
    assert.match(short, /^x+\.\.\d+\.\.y+-[0-9a-f]{8}$/);
    assert.equal(shortenItemUid(long, 64), short);
    assert.equal(shortenItemUid(short, 64), short);
    assert.notEqual(shortenItemUid(`${long}z`, 64), short);
  });

  it("never cuts a surrogate pair in two", () => {
    for (let shift = 0; shift < 4; shift++) {
      const short = shortenItemUid("a".repeat(shift) + "🎉".repeat(200), 64);
      assert.ok(short.length <= 64);
      assert.equal(Buffer.from(short, "utf8").toString("utf8"), short, "no lone surrogate");
    }
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type KeyLayout, keyPositions } from "./key-positions.js";

/** Many keys, some repeated, some of equal length (their hashes share buckets in a small table). */
function keysWithRepeats(n: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(i % 7 === 3 ? `k${i - 3}` : `k${i}`);
  keys.push("", "é", "🙂", "k0");
  return keys;
}

describe("keyPositions", () => {
  for (const layout of ["map", "tagged", "untagged"] satisfies KeyLayout[]) {
    it(`gives each key its first position, -1 for others (${layout})`, () => {
      const keys = keysWithRepeats(5000);
      const table = keyPositions(keys, layout);
      const first = new Map<string, number>();
      keys.forEach((key, i) => {
        if (!first.has(key)) first.set(key, i);
      });
      for (const [key, position] of first) assert.equal(table.get(key), position, key);
      assert.equal(table.repeats, true);
      for (const missing of ["k3", "k-1", "x", "k00", "é ", "🙂🙂"])
        assert.equal(table.get(missing), -1, missing);
    });
  }

  it("fills a table too large for the caches region by region, with first positions and repeats kept", () => {
    // 2.2M keys: more than 2 ** 22 buckets, the size from which the table fills by region
    const n = 2_200_000;
    const keys = Array.from({ length: n }, (_, i) => (i % 1000 === 999 ? `k${i - 999}` : `k${i}`));
    const table = keyPositions(keys);
    assert.equal(table.repeats, true);
    for (let i = 0; i < n; i++) assert.equal(table.get(keys[i]!), i % 1000 === 999 ? i - 999 : i, keys[i]);
    assert.equal(table.get("k-1"), -1);
    const distinct = keyPositions(Array.from({ length: n }, (_, i) => `d${i}`));
    assert.equal(distinct.repeats, false);
  });

  it("says when no key repeats, small or large (a Map, then a table)", () => {
    for (const n of [0, 1000, 70_000]) {
      const keys = Array.from({ length: n }, (_, i) => String(i));
      const table = keyPositions(keys);
      assert.equal(table.repeats, false);
      assert.deepEqual(
        keys.map((key) => table.get(key)),
        keys.map((_, i) => i),
      );
      assert.equal(table.get("a"), -1);
    }
  });
});

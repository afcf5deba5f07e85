import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyPositions } from "./key-positions.js";

/** Many keys, some repeated, some of equal length (their hashes share buckets in a small table). */
function keysWithRepeats(n: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(i % 7 === 3 ? `k${i - 3}` : `k${i}`);
  keys.push("", "é", "🙂", "k0");
  return keys;
}

describe("KeyPositions", () => {
  for (const tagged of [true, false]) {
    it(`gives each key its first position, -1 for others (${tagged ? "with" : "without"} hash tags)`, () => {
      const keys = keysWithRepeats(5000);
      const table = new KeyPositions(keys, tagged);
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

  it("says when no key repeats", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => String(i));
    const table = new KeyPositions(keys);
    assert.equal(table.repeats, false);
    assert.deepEqual(
      keys.map((key) => table.get(key)),
      keys.map((_, i) => i),
    );
    assert.equal(new KeyPositions([]).get("a"), -1);
  });
});

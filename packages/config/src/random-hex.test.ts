import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomHex } from "./random-hex.js";

describe("randomHex", () => {
  it("gives hex of the size asked, different on every call, across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const hex = randomHex(6);
      assert.match(hex, /^[0-9a-f]{12}$/);
      seen.add(hex);
    }
    assert.equal(seen.size, 5000);
    assert.match(randomHex(256), /^[0-9a-f]{512}$/);
  });

  it("refuses sizes it cannot serve", () => {
    assert.throws(() => randomHex(0), /bad size 0/);
    assert.throws(() => randomHex(257), /bad size 257/);
    assert.throws(() => randomHex(1.5), /bad size 1.5/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KIND_SEAL, recordKey } from "./format.js";
import { FrameBuilder } from "./frame-builder.js";
import { scanFrames } from "./frames.js";

function frame(keys: string[]): Buffer {
  const builder = new FrameBuilder();
  for (const key of keys) {
    const inline = Buffer.from(`value of ${key}`);
    builder.add({
      kind: 1,
      key,
      meta: new Uint8Array(0),
      valueLength: inline.length,
      crc: 0,
      timestamp: 1,
      offset: 0,
      inline,
    });
  }
  return Buffer.from(builder.take());
}

function keysIn(buf: Buffer): { keys: string[]; scan: ReturnType<typeof scanFrames> } {
  const keys: string[] = [];
  const scan = scanFrames(buf, (pos) => {
    if (buf[pos] !== KIND_SEAL) keys.push(recordKey(buf, pos));
  });
  return { keys, scan };
}

/** A small deterministic PRNG (mulberry32) so failures replay. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const first = frame(["a", "b", "ünï"]);
const second = frame(["c", "d"]);

describe("scanFrames", () => {
  it("reads every record of consecutive frames", () => {
    const { keys, scan } = keysIn(Buffer.concat([first, second]));
    assert.deepEqual(keys, ["a", "b", "ünï", "c", "d"]);
    assert.deepEqual(scan, { end: first.length + second.length, incomplete: false, problems: [] });
  });

  it("stops before a torn tail at any cut, keeping complete frames", () => {
    const whole = Buffer.concat([first, second]);
    for (let cut = 0; cut < whole.length; cut++) {
      const { keys, scan } = keysIn(whole.subarray(0, cut));
      const complete = cut >= first.length;
      assert.deepEqual(keys, complete ? ["a", "b", "ünï"] : [], `cut at ${cut}`);
      assert.equal(scan.end, complete ? first.length : 0, `cut at ${cut}`);
      assert.equal(scan.incomplete, cut !== 0 && cut !== first.length, `cut at ${cut}`);
    }
  });

  it("skips a frame whose payload was altered and reads the next", () => {
    const damaged = Buffer.concat([first, second]);
    damaged[20] = (damaged[20]! + 1) & 0xff;
    const { keys, scan } = keysIn(damaged);
    assert.deepEqual(keys, ["c", "d"]);
    assert.deepEqual(scan.problems, [{ offset: 0, reason: "frame payload checksum mismatch" }]);
  });

  it("resynchronises after garbage or a damaged header", () => {
    const garbage = Buffer.from("garbage bytes here");
    const { keys, scan } = keysIn(Buffer.concat([garbage, first, second]));
    assert.deepEqual(keys, ["a", "b", "ünï", "c", "d"]);
    assert.deepEqual(scan.problems, [{ offset: 0, reason: "no frame starts here" }]);
    const header = Buffer.concat([first, second]);
    header[5] = header[5]! ^ 0xff;
    const damaged = keysIn(header);
    assert.deepEqual(damaged.keys, ["c", "d"]);
    assert.equal(damaged.scan.problems[0]?.reason, "frame header checksum mismatch");
  });

  it("never throws on random damage and only yields keys that were written", () => {
    const next = random(42);
    const whole = Buffer.concat([first, second, frame(["e"])]);
    for (let round = 0; round < 2000; round++) {
      const copy = Buffer.from(whole);
      for (let flips = 1 + Math.floor(next() * 4); flips > 0; flips--) {
        copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
      }
      const { keys } = keysIn(copy.subarray(0, Math.floor(next() * copy.length) + 1));
      for (const key of keys)
        assert.ok(["a", "b", "ünï", "c", "d", "e"].includes(key), `round ${round}: ${key}`);
    }
  });
});

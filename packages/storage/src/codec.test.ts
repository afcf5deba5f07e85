import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkKey, checkValue, decodeValue, encodeValue, KIND } from "./codec.js";
import { CacheError } from "./errors.js";
import { pack, unpack } from "./msgpack.js";
import { typedArrayFrom } from "./typed-arrays.js";
import { Unpackr } from "./vendor.js";

describe("checkValue", () => {
  it("names the key and the path of what msgpack cannot bring back", () => {
    assert.throws(
      () => checkValue("my-key", { a: [1, () => 2] }, "auto"),
      (error: unknown) =>
        error instanceof CacheError &&
        error.key === "my-key" &&
        /"my-key".*a function at \/a\/1/.test(error.message),
    );
    assert.throws(
      () => checkValue("k", { m: new Map([[1, Symbol("s")]]) }, "msgpack"),
      /a symbol at \/m\/map entry 0/,
    );
    assert.throws(() => checkValue("k", [0, -0], "msgpack"), /-0 .* at \/1/);
    assert.throws(() => checkValue("k", JSON.parse('{"__proto__": 1}'), "msgpack"), /"__proto__" key/);
  });

  it("names the expected and actual kinds when a forced handler does not fit", () => {
    assert.throws(() => checkValue("k", 5, "string"), /expected a string, got number/);
    assert.throws(() => checkValue("k", [1], "raw"), /expected a typed array or Buffer, got an array/);
    assert.throws(() => checkValue("k", new Float32Array(1), "ndarray"), /got Float32Array/);
  });

  it("picks the handler by value in auto mode", () => {
    assert.equal(checkValue("k", "s", "auto"), "string");
    assert.equal(checkValue("k", Buffer.from("x"), "auto"), "raw");
    assert.equal(checkValue("k", { shape: [1], dtype: "u8", data: new Uint8Array(1) }, "auto"), "ndarray");
    assert.equal(checkValue("k", { shape: [1], dtype: "u8", data: [1] }, "auto"), "msgpack");
    const manyDims = { shape: new Array(5000).fill(1), dtype: "u8", data: new Uint8Array(1) };
    assert.equal(checkValue("k", manyDims, "auto"), "msgpack", "too many dims for the ndarray header");
  });

  it("refuses keys with lone surrogates and writers used too late", () => {
    assert.throws(() => checkKey("a\ud800", true), /lone surrogate/);
    assert.throws(() => checkKey("ok", false), /used after its write\(\) call ended/);
    assert.doesNotThrow(() => checkKey("ok ✓", true));
  });
});

describe("msgpack scalars", () => {
  const reference = new Unpackr({ moreTypes: true, useRecords: true, mapsAsObjects: false });
  const scalars = [
    0,
    1,
    63,
    64,
    127,
    128,
    255,
    256,
    65535,
    65536,
    2 ** 32 - 1,
    2 ** 32,
    -1,
    -32,
    -33,
    -128,
    -129,
  ];
  scalars.push(-32768, -32769, -(2 ** 31), -(2 ** 31) - 1, 1.5, -1e300, Number.NaN, Number.POSITIVE_INFINITY);

  it("decode exactly as msgpackr does", () => {
    for (const value of [...scalars, true, false, null]) {
      const bytes = Buffer.from(pack("k", value));
      const padded = Buffer.concat([Buffer.from([9, 9]), bytes, Buffer.from([9])]);
      assert.equal(unpack(padded, 2, 2 + bytes.length), reference.unpack(bytes), String(value));
      assert.equal(unpack(padded, 2, 2 + bytes.length), value, String(value));
    }
  });

  it("leave the bytes 0x40-0x7f (record references when records are on) to msgpackr", () => {
    for (const byte of [0x40, 0x45, 0x7f]) {
      assert.equal(unpack(Buffer.from([byte]), 0, 1), reference.unpack(Buffer.from([byte])));
    }
  });
});

describe("msgpack flat records", () => {
  const reference = new Unpackr({ moreTypes: true, useRecords: true, mapsAsObjects: false });
  const objects: Array<Record<string, unknown>> = [
    { id: 1, name: "item1", ok: true },
    { a: -5, b: 1.5, c: null, d: false, e: 200, f: 70_000, g: -40_000, h: "x".repeat(40), i: "", j: -128 },
    { n: 64, m: 127, big: 2 ** 40, neg: -(2 ** 40), nan: Number.NaN },
    {},
    { "": 1, "with space": 2, "0": 3, [`k${"y".repeat(30)}`]: 4 },
    Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`f${i}`, i])),
    { nested: { a: 1 } },
    { list: [1, 2] },
    { text: "héllo" },
    { nothing: undefined },
    { when: new Date(5) },
    { long: "z".repeat(300) },
  ];

  /** msgpackr's own result for `bytes`, or the error it throws. */
  function expected(bytes: Buffer): { value?: unknown; error?: unknown } {
    try {
      return { value: reference.unpack(bytes) };
    } catch (error) {
      return { error };
    }
  }

  function assertLikeMsgpackr(bytes: Buffer, what: string): void {
    const padded = Buffer.concat([Buffer.from([0xd4, 0x72]), bytes, Buffer.from([0x40])]);
    const want = expected(bytes);
    if (want.error !== undefined) {
      assert.throws(() => unpack(padded, 2, 2 + bytes.length), what);
      return;
    }
    const got = unpack(padded, 2, 2 + bytes.length);
    assert.deepEqual(got, want.value, what);
    if (typeof got === "object" && got !== null) {
      assert.equal(Object.getPrototypeOf(got), Object.getPrototypeOf(want.value), what);
    }
  }

  it("decode exactly as msgpackr does, whichever path decodes them", () => {
    for (const value of objects) assertLikeMsgpackr(Buffer.from(pack("k", value)), JSON.stringify(value));
  });

  it("decode a crafted __proto__ key as msgpackr does, without touching prototypes", () => {
    // d4 72 40 | fixarray 1 | fixstr "__proto__" | 1
    const bytes = Buffer.from([0xd4, 0x72, 0x40, 0x91, 0xa9, ...Buffer.from("__proto__"), 0x01]);
    assertLikeMsgpackr(bytes, "__proto__");
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  it("never decode damaged records differently from msgpackr", () => {
    let seed = 11;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const value of objects.slice(0, 6)) {
      const bytes = Buffer.from(pack("k", value));
      for (let cut = 0; cut < bytes.length; cut++) assertLikeMsgpackr(bytes.subarray(0, cut), `cut ${cut}`);
      for (let round = 0; round < 300; round++) {
        const damaged = Buffer.from(bytes);
        damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
        assertLikeMsgpackr(damaged, `damaged ${damaged.toString("hex")}`);
      }
    }
  });
});

describe("encodeValue / decodeValue", () => {
  it("stores typed arrays as their raw bytes with a dtype code", () => {
    const value = new Int16Array([1, -2, 3]);
    const encoded = encodeValue("k", value, "auto");
    assert.equal(encoded.kind, KIND.raw);
    assert.deepEqual(Buffer.from(encoded.bytes), Buffer.from(value.buffer));
  });

  it("decodes strings from any part of a buffer", () => {
    const bytes = Buffer.from("xxhé✓yy");
    assert.equal(decodeValue(KIND.string, Buffer.alloc(0), bytes, 2, bytes.length - 2, false), "hé✓");
  });

  it("returns views on owned, aligned bytes and copies otherwise", () => {
    const owned = Buffer.from(new Float64Array([1, 2, 3, 4]).buffer);
    const view = typedArrayFrom(8, owned.subarray(8, 24), true);
    assert.equal(view.buffer, owned.buffer);
    assert.deepEqual(view, new Float64Array([2, 3]));
    const unaligned = Buffer.alloc(20);
    unaligned.set(new Uint8Array(new Float64Array([5, 6]).buffer), 2);
    const copied = typedArrayFrom(8, unaligned.subarray(2, 18), true);
    assert.notEqual(copied.buffer, unaligned.buffer);
    assert.deepEqual(copied, new Float64Array([5, 6]));
    assert.notEqual(typedArrayFrom(8, owned.subarray(8, 24), false).buffer, owned.buffer);
  });

  it("refuses byte counts that are not whole items and unknown handler codes", () => {
    assert.throws(() => typedArrayFrom(7, Buffer.alloc(6), true), /not a whole number of 4-byte items/);
    assert.throws(
      () => decodeValue(99, Buffer.alloc(0), Buffer.alloc(1), 0, 1, true),
      /unknown value handler code 99/,
    );
  });
});

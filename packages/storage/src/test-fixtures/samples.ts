// Values each handler must store exactly, and values it must refuse, for the conformance suites.
import type { ConformanceValues } from "../conformance.js";

class Point {
  x = 1;
}
class MyFloats extends Float32Array {}

function cyclic(): object {
  const node: Record<string, unknown> = { name: "loop" };
  node.self = node;
  return node;
}

/** `[1, <hole>, 2]`: index 1 was never assigned. */
function sparse(): unknown[] {
  const array: unknown[] = [1];
  array[2] = 2;
  return array;
}

const offsetView = new Float32Array(new ArrayBuffer(64), 4, 3).fill(2.5);

/** Samples and refusals per handler name ("auto" mixes them). */
export const SAMPLES: Record<"msgpack" | "raw" | "ndarray" | "string" | "auto", ConformanceValues> = {
  msgpack: {
    samples: {
      int: 42,
      float: 1.5,
      negative: -7,
      bigint: 2n ** 70n,
      text: "héllo",
      nothing: null,
      yes: true,
      nan: Number.NaN,
      infinity: Number.NEGATIVE_INFINITY,
      object: { a: 1, b: [1, undefined, "x"], c: { d: null }, "": "empty key" },
      map: new Map<unknown, unknown>([
        [1, "a"],
        ["k", { x: 1 }],
      ]),
      set: new Set([1, "a"]),
      date: new Date(12345.5),
      regexp: /ab+c/gi,
      nestedTyped: { f: new Float32Array([1.5, 2]), b: Buffer.from("hi"), u: new Uint8Array([1, 2]) },
      topTyped: new Float64Array([1, 2, 3]),
      binary: {
        arrayBuffer: Uint8Array.from([1, 2, 3]).buffer,
        dataView: new DataView(Uint8Array.from([4, 5]).buffer),
      },
      nested: [[1, 2], [3], []],
      emptyObject: {},
      large: Array.from({ length: 5000 }, (_, i) => ({ i, s: `v${i}` })),
    },
    rejects: {
      function: () => 1,
      nestedFunction: { a: [1, () => 2] },
      symbol: Symbol("s"),
      instance: new Point(),
      hole: sparse(),
      negativeZero: -0,
      invalidDate: new Date(Number.NaN),
      cycle: cyclic(),
      loneSurrogate: "\ud800",
      error: new Error("boom"),
      nullPrototype: Object.create(null),
      symbolKey: { [Symbol("k")]: 1 },
    },
  },
  raw: {
    samples: {
      f32: new Float32Array([1.5, -2, 3]),
      f64: Float64Array.from({ length: 10_000 }, (_, i) => i / 3),
      i8: new Int8Array([-1, 2]),
      u8: new Uint8Array([1, 255]),
      u8c: new Uint8ClampedArray([0, 255]),
      i16: new Int16Array([-300, 300]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-(2 ** 31)]),
      u32: new Uint32Array([2 ** 32 - 1]),
      bi64: new BigInt64Array([-(2n ** 63n)]),
      bu64: new BigUint64Array([2n ** 64n - 1n]),
      buffer: Buffer.from("raw bytes"),
      empty: new Float32Array(0),
      offsetView,
      bigBuffer: Buffer.alloc(100_000, 7),
    },
    rejects: {
      string: "text",
      number: 1,
      object: { a: 1 },
      dataView: new DataView(new ArrayBuffer(4)),
      subclass: new MyFloats(2),
    },
  },
  ndarray: {
    samples: {
      small: { shape: [2, 2], dtype: "float32", data: new Float32Array([1, 2, 3, 4]) },
      big: { shape: [100, 100], dtype: "float64", data: Float64Array.from({ length: 10_000 }, (_, i) => i) },
      scalar: { shape: [], dtype: "int32", data: new Int32Array([7]) },
      unicodeDtype: { shape: [3], dtype: "ünï", data: new Uint8Array([1, 2, 3]) },
    },
    rejects: {
      plain: { a: 1 },
      typedArray: new Float32Array(2),
      negativeShape: { shape: [-1], dtype: "float32", data: new Float32Array(1) },
      extraField: { shape: [1], dtype: "float32", data: new Float32Array(1), extra: 1 },
    },
  },
  string: {
    samples: {
      empty: "",
      ascii: "hello",
      unicode: "héllo ✓ 🎉",
      long: "x".repeat(100_000),
      nul: "a\0b",
    },
    rejects: { number: 1, loneSurrogate: "a\udc00b", object: {} },
  },
  auto: {
    samples: {
      number: 3.25,
      object: { a: [1, 2], m: new Map([["x", 1]]) },
      floats: new Float32Array([1, 2]),
      bigFloats: Float64Array.from({ length: 50_000 }, (_, i) => i),
      buffer: Buffer.from("buf"),
      text: "plain text ✓",
      ndarray: { shape: [2], dtype: "int16", data: new Int16Array([1, -1]) },
      notNdarray: { shape: [2], dtype: "int16", data: [1, 2] },
    },
    rejects: { function: () => 1, instance: new Point(), loneSurrogate: "\ud83d", hole: sparse() },
  },
};

// Deterministic values by key, so any process can check what another one wrote.
import { crc32 } from "node:zlib";
import { assertSameValue } from "../same-value.js";

/** The value a test writer stores under `key`; `big` adds large typed arrays (hundreds of KiB). */
export function valueFor(key: string, big = false): unknown {
  const h = crc32(key);
  switch (h % (big ? 6 : 5)) {
    case 0:
      return (h % 1000) * 0.5;
    case 1:
      return { key, n: h, list: [h % 7, "x", null], nested: new Map<string, unknown>([["h", h]]) };
    case 2:
      return Float32Array.from({ length: 1 + (h % 97) }, (_, i) => i * 0.25 + (h % 13));
    case 3:
      return `${key}:${"é✓".repeat(h % 11)}`;
    case 4:
      return { shape: [2, 3], dtype: "float64", data: Float64Array.from({ length: 6 }, (_, i) => h + i) };
    default: {
      const big = new Float64Array(20_000 + (h % 50_000)).fill(h);
      big[0] = -h;
      big[big.length - 1] = h / 3;
      return big;
    }
  }
}

/** Throws unless `value` is exactly what {@link valueFor} gives for `key`. */
export function assertValueFor(key: string, value: unknown, big = false): void {
  assertSameValue(value, valueFor(key, big), `wrong value for key ${key}`);
}

import { CacheError, isWellFormed } from "./errors.js";
import { type TypedArray, typedArrayCode, typedArrayFrom } from "./typed-arrays.js";

/** An n-dimensional array: `data` holds the items in row-major order; `dtype` is free text (e.g. "float32"). */
export interface NdArray {
  shape: number[];
  dtype: string;
  data: TypedArray;
}

// Bounds that keep the header within the u16 the index record gives it (others go to msgpack).
const MAX_DIMS = 4096;
const MAX_DTYPE = 1024;

/** True for a plain `{ shape, dtype, data }` object and nothing more: stored as raw bytes plus a small header. */
export function isNdArray(value: unknown): value is NdArray {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  const { shape, dtype, data } = value as Partial<NdArray>;
  return (
    Object.keys(value).length === 3 &&
    Array.isArray(shape) &&
    Object.getPrototypeOf(shape) === Array.prototype &&
    shape.length <= MAX_DIMS &&
    shape.every((size) => Number.isSafeInteger(size) && size >= 0 && !Object.is(size, -0)) &&
    typeof dtype === "string" &&
    dtype.length <= MAX_DTYPE &&
    isWellFormed(dtype) &&
    typedArrayCode(data) >= 0
  );
}

/** The header stored beside the bytes: dtype code (u8), 0 (u8), ndim (u16), shape (f64 each), dtype (UTF-8). */
export function ndarrayMeta(value: NdArray): Uint8Array {
  const dtype = Buffer.from(value.dtype, "utf8");
  const meta = Buffer.alloc(4 + 8 * value.shape.length + dtype.length);
  meta[0] = typedArrayCode(value.data);
  meta.writeUInt16LE(value.shape.length, 2);
  for (const [i, size] of value.shape.entries()) meta.writeDoubleLE(size, 4 + 8 * i);
  dtype.copy(meta, 4 + 8 * value.shape.length);
  return meta;
}

/** Rebuilds an {@link NdArray} from its header and bytes; `data` is a view on `bytes` when `owned`. */
export function ndarrayFrom(meta: Buffer, bytes: Uint8Array, owned: boolean): NdArray {
  if (meta.length < 4)
    throw new CacheError(`CacheDict: ndarray header of ${meta.length} bytes is too short`, {
      kind: "bad-value",
    });
  const ndim = meta.readUInt16LE(2);
  const dtypeStart = 4 + 8 * ndim;
  if (meta.length < dtypeStart)
    throw new CacheError(`CacheDict: ndarray header too short for ${ndim} dims`, { kind: "bad-value" });
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(meta.readDoubleLE(4 + 8 * i));
  const data = typedArrayFrom(meta[0] ?? -1, bytes, owned) as TypedArray;
  return { shape, dtype: meta.toString("utf8", dtypeStart), data };
}

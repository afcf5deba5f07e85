import { CacheError } from "./errors.js";

/** Every typed array class stored as raw bytes (Node 20 has no Float16Array). */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

interface TypedArrayClass {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
}

/** The dtype code written to disk is the index in this list; Buffer gets its own code after them. */
const CLASSES: readonly TypedArrayClass[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];
const BUFFER_CODE = CLASSES.length;

/** The dtype code of a typed array or Buffer of an exact built-in class, else -1 (subclasses, DataView...). */
export function typedArrayCode(value: unknown): number {
  if (!ArrayBuffer.isView(value)) return -1;
  if (Buffer.isBuffer(value)) return BUFFER_CODE;
  return CLASSES.indexOf(value.constructor as TypedArrayClass);
}

/** The bytes behind a typed array, without copying. */
export function bytesOf(value: ArrayBufferView): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * Rebuilds a typed array of dtype `code` over `bytes`: a view when `owned` (the caller hands over the read
 * buffer) and aligned, else a copy.
 */
export function typedArrayFrom(code: number, bytes: Uint8Array, owned: boolean): TypedArray | Buffer {
  if (code === BUFFER_CODE) {
    return owned ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  }
  const cls = CLASSES[code];
  if (cls === undefined)
    throw new CacheError(`CacheDict: unknown typed array code ${code}`, { kind: "bad-value" });
  const width = cls.BYTES_PER_ELEMENT;
  if (bytes.byteLength % width !== 0) {
    throw new CacheError(
      `CacheDict: ${bytes.byteLength} bytes is not a whole number of ${width}-byte items`,
      { kind: "bad-value" },
    );
  }
  let source = bytes;
  if (!owned || bytes.byteOffset % width !== 0 || !(bytes.buffer instanceof ArrayBuffer)) {
    source = new Uint8Array(bytes.byteLength);
    source.set(bytes);
  }
  return new cls(source.buffer as ArrayBuffer, source.byteOffset, source.byteLength / width);
}

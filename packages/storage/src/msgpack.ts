import { Packr, Unpackr } from "msgpackr";
import { CacheError, quoteKey } from "./errors.js";

// Records keep plain objects apart from Maps (decoded with mapsAsObjects: false); structured clone
// references are refused when reading, and no extension other than msgpackr's built-in data types is known.
const packr = new Packr({ moreTypes: true, useRecords: true });
const unpackr = new Unpackr({
  moreTypes: true,
  useRecords: true,
  mapsAsObjects: false,
  structuredClone: false,
  copyBuffers: true,
});

/** Encodes a value already checked by `findInexact`. */
export function pack(key: string, value: unknown): Uint8Array {
  try {
    return packr.pack(value);
  } catch (cause) {
    throw new CacheError(`CacheDict: msgpack could not encode the value of key ${quoteKey(key)}`, {
      key,
      cause,
    });
  }
}

/**
 * Decodes the msgpack value in `source[start, end)` into inert data (unknown extension types throw, nothing
 * is revived). Lone scalars (what packr writes for numbers, booleans and null) skip msgpackr's setup.
 */
export function unpack(source: Buffer, start: number, end: number): unknown {
  const scalar = end - start <= 9 ? unpackScalar(source, start, end - start) : NOT_SCALAR;
  return scalar !== NOT_SCALAR ? scalar : unpackr.unpack(source, { start, end });
}

const NOT_SCALAR: unique symbol = Symbol("not a scalar");

function unpackScalar(source: Buffer, at: number, length: number): unknown {
  const first = source[at]!;
  if (length === 1) {
    // 0x40-0x7f are record references when records are on, so only 0x00-0x3f are plain fixints
    if (first < 0x40) return first;
    if (first >= 0xe0) return first - 0x100;
    if (first === 0xc0) return null;
    if (first === 0xc2) return false;
    if (first === 0xc3) return true;
    return NOT_SCALAR;
  }
  if (length === 9 && first === 0xcb) return source.readDoubleBE(at + 1);
  if (length === 2 && first === 0xcc) return source[at + 1]!;
  if (length === 2 && first === 0xd0) return source.readInt8(at + 1);
  if (length === 3 && first === 0xcd) return source.readUInt16BE(at + 1);
  if (length === 3 && first === 0xd1) return source.readInt16BE(at + 1);
  if (length === 5 && first === 0xce) return source.readUInt32BE(at + 1);
  if (length === 5 && first === 0xd2) return source.readInt32BE(at + 1);
  return NOT_SCALAR;
}

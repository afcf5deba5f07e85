import { CacheError, quoteKey } from "./errors.js";
import { Packr, Unpackr } from "./vendor.js";

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
      kind: "bad-input",
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
  let value = end - start <= 9 ? unpackScalar(source, start, end - start) : NOT_SCALAR;
  if (value === NOT_SCALAR && source[start] === 0xd4) value = unpackFlatRecord(source, start, end);
  return value !== NOT_SCALAR ? value : unpackr.unpack(source, { start, end });
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
  // byte arithmetic: cheaper than Buffer#read*BE while the code still runs in the interpreter
  const b1 = source[at + 1]!;
  if (length === 2) return first === 0xcc ? b1 : first === 0xd0 ? (b1 << 24) >> 24 : NOT_SCALAR;
  const b12 = (b1 << 8) | source[at + 2]!;
  if (length === 3) return first === 0xcd ? b12 : first === 0xd1 ? (b12 << 16) >> 16 : NOT_SCALAR;
  const low = (source[at + 3]! << 8) | source[at + 4]!;
  if (length === 5 && first === 0xce) return b12 * 0x10000 + low;
  if (length === 5 && first === 0xd2) return ((b12 << 16) | low) >> 0;
  return NOT_SCALAR;
}

/** The key list of the last record definition read, and its bytes: the values of one writer repeat it. */
let lastDefinition = Buffer.alloc(0);
let lastKeys: string[] = [];

/**
 * Decodes what packr writes for a plain object of scalars and ASCII strings (`{ id: 1, name: "a" }`): a
 * record definition (`d4 72 <id>`, then a fixarray of fixstr keys) followed by one value per key, without
 * msgpackr's per-value structure setup. Anything else (nested values, other strings or number types, a
 * `__proto__` key, bytes left over) gives NOT_SCALAR, for msgpackr to decode.
 */
function unpackFlatRecord(source: Buffer, start: number, end: number): unknown {
  const head = source[start + 3]!;
  const id = source[start + 2]!;
  if (source[start + 1] !== 0x72 || id < 0x40 || id > 0x7f || head < 0x90 || head > 0x9f) return NOT_SCALAR;
  let pos = start + 4;
  for (let i = head & 0x0f; i > 0; i--) {
    const length = pos < end ? source[pos]! - 0xa0 : -1;
    if (length < 0 || length > 31) return NOT_SCALAR;
    pos += 1 + length;
  }
  if (pos > end) return NOT_SCALAR;
  const keys = recordKeys(source, start + 3, pos);
  if (keys === undefined) return NOT_SCALAR;
  const object: Record<string, unknown> = {};
  for (const key of keys) {
    if (pos >= end) return NOT_SCALAR;
    const byte = source[pos]!;
    let value: unknown;
    let size = 1;
    if (byte < 0x40) value = byte;
    else if (byte >= 0xe0) value = byte - 0x100;
    else if (byte >= 0xa0 && byte <= 0xbf) {
      size = 1 + byte - 0xa0;
      value = asciiString(source, pos + 1, pos + size, end);
    } else if (byte === 0xd9) {
      size = 2 + source[pos + 1]!;
      value = asciiString(source, pos + 2, pos + size, end);
    } else {
      size = SCALAR_SIZES[byte] ?? 0;
      value = size === 0 || pos + size > end ? NOT_SCALAR : unpackScalar(source, pos, size);
    }
    if (value === NOT_SCALAR) return NOT_SCALAR;
    object[key] = value;
    pos += size;
  }
  return pos === end ? object : NOT_SCALAR;
}

/** Sizes of the scalars {@link unpackScalar} reads, by first byte (past the one-byte forms). */
const SCALAR_SIZES: Record<number, number> = {
  192: 1,
  194: 1,
  195: 1,
  204: 2,
  208: 2,
  205: 3,
  209: 3,
  206: 5,
  210: 5,
  203: 9,
};

/** The keys of the fixarray of fixstr keys in `source[start, end)` (checked ASCII, no `__proto__`). */
function recordKeys(source: Buffer, start: number, end: number): string[] | undefined {
  let same = end - start === lastDefinition.length;
  for (let i = start; same && i < end; i++) same = source[i] === lastDefinition[i - start];
  if (same) return lastKeys;
  const keys: string[] = [];
  for (let pos = start + 1; pos < end; ) {
    const size = source[pos]! - 0xa0;
    const key = asciiString(source, pos + 1, pos + 1 + size, end);
    if (key === NOT_SCALAR || key === "__proto__") return undefined;
    keys.push(key);
    pos += 1 + size;
  }
  lastDefinition = Buffer.from(source.subarray(start, end));
  lastKeys = keys;
  return keys;
}

/** The ASCII string in `source[start, stop)`, or NOT_SCALAR when it passes `end` or is not ASCII. */
function asciiString(source: Buffer, start: number, stop: number, end: number): string | typeof NOT_SCALAR {
  if (stop > end) return NOT_SCALAR;
  for (let i = start; i < stop; i++) if (source[i]! > 0x7f) return NOT_SCALAR;
  return source.toString("latin1", start, stop);
}

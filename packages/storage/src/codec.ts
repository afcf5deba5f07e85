import { CacheError, isWellFormed, quoteKey } from "./errors.js";
import { pack, unpack } from "./msgpack.js";
import { isNdArray, type NdArray, ndarrayFrom, ndarrayMeta } from "./ndarray.js";
import { bytesOf, typedArrayCode, typedArrayFrom } from "./typed-arrays.js";
import { findInexact } from "./validate.js";

/** How a value is encoded; `"auto"` picks string, raw (typed arrays, Buffers), ndarray or msgpack by value. */
export type CacheType = "auto" | "msgpack" | "raw" | "ndarray" | "string";

/** A concrete handler, as chosen by {@link checkValue}. */
export type Handler = Exclude<CacheType, "auto">;

/** Handler codes stored in each index record (0 is a delete). */
export const KIND = { tombstone: 0, msgpack: 1, raw: 2, ndarray: 3, string: 4 } as const;

/** A value ready to be written: its handler code, a small header and the payload bytes. */
export interface Encoded {
  kind: number;
  meta: Uint8Array;
  bytes: Uint8Array;
}

const NO_META = new Uint8Array(0);

/**
 * Picks the handler for `value` (the forced one, or by value for `"auto"`) and checks the value comes back
 * exactly through it; throws a CacheError naming the key otherwise.
 */
export function checkValue(key: string, value: unknown, cacheType: CacheType): Handler {
  const handler = cacheType === "auto" ? detect(value) : cacheType;
  let problem: string | undefined;
  if (handler === "string") {
    if (typeof value !== "string") problem = `expected a string, got ${describe(value)}`;
    else if (!isWellFormed(value)) problem = "the string has a lone surrogate, which UTF-8 cannot carry";
  } else if (handler === "raw") {
    if (typedArrayCode(value) < 0) problem = `expected a typed array or Buffer, got ${describe(value)}`;
  } else if (handler === "ndarray") {
    if (!isNdArray(value)) problem = `expected a { shape, dtype, data } ndarray, got ${describe(value)}`;
  } else {
    const inexact = findInexact(value);
    if (inexact !== undefined)
      problem = `its value holds ${inexact}, which msgpack does not bring back exactly`;
  }
  if (problem !== undefined)
    throw new CacheError(`CacheDict: cannot store key ${quoteKey(key)}: ${problem}`, {
      kind: "bad-input",
      key,
    });
  return handler;
}

/** Throws a CacheError unless the writer is still open and `key` is a string UTF-8 can carry exactly. */
export function checkKey(key: unknown, writerOpen: boolean): asserts key is string {
  if (typeof key !== "string")
    throw new CacheError(`CacheDict: keys must be strings, got ${describe(key)}`, { kind: "bad-input" });
  if (!writerOpen) {
    throw new CacheError(`CacheDict: writer used after its write() call ended (key ${quoteKey(key)})`, {
      kind: "bad-input",
      key,
    });
  }
  if (!isWellFormed(key)) {
    throw new CacheError(`CacheDict: key ${quoteKey(key)} has a lone surrogate, which UTF-8 cannot carry`, {
      kind: "bad-input",
      key,
    });
  }
}

/** Checks then encodes `value` (see {@link checkValue}). */
export function encodeValue(key: string, value: unknown, cacheType: CacheType): Encoded {
  switch (checkValue(key, value, cacheType)) {
    case "string":
      return { kind: KIND.string, meta: NO_META, bytes: Buffer.from(value as string, "utf8") };
    case "raw":
      return {
        kind: KIND.raw,
        meta: Uint8Array.of(typedArrayCode(value)),
        bytes: bytesOf(value as ArrayBufferView),
      };
    case "ndarray":
      return {
        kind: KIND.ndarray,
        meta: ndarrayMeta(value as NdArray),
        bytes: bytesOf((value as NdArray).data),
      };
    default:
      return { kind: KIND.msgpack, meta: NO_META, bytes: pack(key, value) };
  }
}

/**
 * Decodes the stored value in `source[start, end)` (`meta` is its handler header); with `owned`, typed
 * arrays may be views on `source` instead of copies.
 */
export function decodeValue(
  kind: number,
  meta: Buffer,
  source: Buffer,
  start: number,
  end: number,
  owned: boolean,
): unknown {
  switch (kind) {
    case KIND.msgpack:
      return unpack(source, start, end);
    case KIND.raw:
      return typedArrayFrom(meta[0] ?? -1, source.subarray(start, end), owned);
    case KIND.ndarray:
      return ndarrayFrom(meta, source.subarray(start, end), owned);
    case KIND.string:
      return source.toString("utf8", start, end);
    default:
      throw new CacheError(`CacheDict: unknown value handler code ${kind}`, { kind: "bad-value" });
  }
}

/** True when values of this handler are raw bytes that benefit from 8-byte alignment in data files. */
export function isRawKind(kind: number): boolean {
  return kind === KIND.raw || kind === KIND.ndarray;
}

function detect(value: unknown): Handler {
  if (typeof value === "string") return "string";
  if (typedArrayCode(value) >= 0) return "raw";
  return isNdArray(value) ? "ndarray" : "msgpack";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return typeof value;
  return (
    (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name ??
    "object"
  );
}

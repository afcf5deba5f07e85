// Hand-made cache files, written from the documented on-disk format (packages/storage/README.md, format
// version 1), for tests that plant hostile content in a cache folder.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";

const MAGIC = 0x31495845; // "EXI1"
const KIND_MSGPACK = 1;
const KIND_SEAL = 255;
const FLAG_INLINE = 1;

function record(kind: number, key: string, value: Uint8Array, timestamp: number): Buffer {
  const keyBytes = Buffer.from(key, "utf8");
  const head = Buffer.alloc(32);
  head[0] = kind;
  head[1] = value.length > 0 ? FLAG_INLINE : 0;
  head.writeUInt16LE(0, 2);
  head.writeUInt32LE(keyBytes.length, 4);
  head.writeUInt32LE(value.length, 8);
  head.writeUInt32LE(0, 12);
  head.writeDoubleLE(timestamp, 16);
  head.writeDoubleLE(0, 24);
  return Buffer.concat([head, keyBytes, value]);
}

function frame(records: Buffer[]): Buffer {
  const payload = Buffer.concat(records);
  const head = Buffer.alloc(16);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(payload.length, 4);
  head.writeUInt32LE(crc32(payload), 8);
  head.writeUInt32LE(crc32(head.subarray(0, 12)), 12);
  return Buffer.concat([head, payload]);
}

/**
 * Writes a sealed shard `<folder>/crafted-1-<12 hex>.index` whose records set each key to the given inline
 * msgpack bytes, timestamped `timestampUs` (microseconds): by default a few minutes ahead, within the
 * clock skew readers allow, so that they win over what the folder held.
 */
export function craftShard(
  folder: string,
  values: Record<string, Uint8Array>,
  timestampUs: number = (Date.now() + 5 * 60_000) * 1000,
): string {
  const future = timestampUs;
  const records = Object.entries(values).map(([key, bytes]) => record(KIND_MSGPACK, key, bytes, future));
  const path = join(folder, "crafted-1-0123456789ab.index");
  writeFileSync(path, Buffer.concat([frame(records), frame([record(KIND_SEAL, "", new Uint8Array(0), 0)])]));
  return path;
}

/** msgpack `str` bytes of a string (up to 255 bytes). */
function str(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  return Buffer.concat([Buffer.from([0xd9, bytes.length]), bytes]);
}

/**
 * Hostile msgpack values: unknown extension types, a structured-clone reference, and msgpackr records whose
 * keys try to break out of the reader msgpackr compiles for records read often (the only place a decoder
 * generates code).
 */
export const HOSTILE_MSGPACK: Record<string, Buffer> = {
  unknownExtension: Buffer.from([0xd4, 0x33, 0x00]),
  cloneReference: Buffer.from([0xd6, 0x70, 0, 0, 0, 1]),
  hugeExtension: Buffer.from([0xc9, 0xff, 0xff, 0xff, 0xf0, 0x01]),
  evilRecordKeys: Buffer.concat([
    Buffer.from([0x95, 0xd4, 0x72, 0x40, 0x92]),
    str(`a"]:r()});globalThis.__excaPwned=1;({["b`),
    str("__proto__"),
    Buffer.from([0x01, 0x02]),
    ...Array.from({ length: 4 }, () => Buffer.from([0x40, 0x01, 0x02])),
  ]),
};

import { crc32 } from "node:zlib";

/** `EXI1`, first bytes of every index frame (format version 1). */
export const FRAME_MAGIC = 0x31495845;
/** magic u32, payload length u32, payload crc32 u32, crc32 of the 12 bytes before it u32. */
export const FRAME_HEADER_SIZE = 16;
/** Fixed part of a record; key, handler header and inline value follow it. */
export const RECORD_HEADER_SIZE = 32;
/** Byte offsets of the record fields (little-endian). */
export const REC = {
  kind: 0,
  flags: 1,
  metaLen: 2,
  keyLen: 4,
  valueLen: 8,
  crc: 12,
  ts: 16,
  offset: 24,
} as const;
/** Record flag: the value bytes follow the record instead of living in the data file. */
export const FLAG_INLINE = 1;
/** Record flag: the key is pure ASCII (decoded with the faster latin1 path). */
export const FLAG_ASCII_KEY = 2;
/** Record kind marking a shard whose writer finished: nothing will be appended after it. */
export const KIND_SEAL = 255;
/** Frames above this size are treated as corrupt headers. */
export const MAX_FRAME_PAYLOAD: number = 1 << 30;

/** Fills the frame header at `at` for the `payloadLength` bytes that follow it. */
export function writeFrameHeader(buf: Buffer, at: number, payloadLength: number): void {
  const payloadStart = at + FRAME_HEADER_SIZE;
  buf.writeUInt32LE(FRAME_MAGIC, at);
  buf.writeUInt32LE(payloadLength, at + 4);
  buf.writeUInt32LE(crc32(buf.subarray(payloadStart, payloadStart + payloadLength)), at + 8);
  buf.writeUInt32LE(crc32(buf.subarray(at, at + 12)), at + 12);
}

/** Where the record at `pos` ends: header, key, handler header, then the inline value if any. */
export function recordEnd(buf: Buffer, pos: number): number {
  const inline = (buf[pos + REC.flags]! & FLAG_INLINE) !== 0 ? u32(buf, pos + REC.valueLen) : 0;
  return pos + RECORD_HEADER_SIZE + u32(buf, pos + REC.keyLen) + u16(buf, pos + REC.metaLen) + inline;
}

/** The key of the record at `pos`. */
export function recordKey(buf: Buffer, pos: number): string {
  const start = pos + RECORD_HEADER_SIZE;
  const end = start + u32(buf, pos + REC.keyLen);
  return buf.toString((buf[pos + REC.flags]! & FLAG_ASCII_KEY) !== 0 ? "latin1" : "utf8", start, end);
}

/** The handler header of the record at `pos` (a view, not a copy). */
export function recordMeta(buf: Buffer, pos: number): Buffer {
  const length = u16(buf, pos + REC.metaLen);
  if (length === 0) return NO_META;
  const start = pos + RECORD_HEADER_SIZE + u32(buf, pos + REC.keyLen);
  return buf.subarray(start, start + length);
}

/** Where the inline value of the record at `pos` starts (it is `valueLen` bytes long). */
export function inlineStart(buf: Buffer, pos: number): number {
  return pos + RECORD_HEADER_SIZE + u32(buf, pos + REC.keyLen) + u16(buf, pos + REC.metaLen);
}

/** The byte length of the key of the record at `pos` (its UTF-8 bytes follow the fixed header). */
export function keyLength(buf: Buffer, pos: number): number {
  return u32(buf, pos + REC.keyLen);
}

/** The value length of the record at `pos`. */
export function valueLength(buf: Buffer, pos: number): number {
  return u32(buf, pos + REC.valueLen);
}

const NO_META = Buffer.alloc(0);

// Byte arithmetic beats Buffer#readUInt*LE in the index scan loop (no bounds checks: callers check sizes).
function u16(buf: Buffer, at: number): number {
  return buf[at]! | (buf[at + 1]! << 8);
}

function u32(buf: Buffer, at: number): number {
  return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16)) + buf[at + 3]! * 0x1000000;
}

import {
  FLAG_ASCII_KEY,
  FLAG_INLINE,
  FRAME_HEADER_SIZE,
  REC,
  RECORD_HEADER_SIZE,
  writeFrameHeader,
} from "./format.js";

/** The fields of one index record, as the writer knows them. */
export interface RecordFields {
  kind: number;
  key: string;
  meta: Uint8Array;
  valueLength: number;
  /** crc32 of the value bytes in the data file (0 for inline values: the frame checksum covers them). */
  crc: number;
  timestamp: number;
  /** Offset of the value in the data file (0 for inline values). */
  offset: number;
  inline: Uint8Array | undefined;
}

/** Accumulates index records into one frame (16-byte header reserved up front) until it is taken. */
export class FrameBuilder {
  #buf = Buffer.allocUnsafe(1 << 16);
  #len = FRAME_HEADER_SIZE;

  /** Bytes of records added since the last {@link FrameBuilder.take}. */
  get payloadSize(): number {
    return this.#len - FRAME_HEADER_SIZE;
  }

  /** Appends one record. */
  add(record: RecordFields): void {
    const inlineLength = record.inline?.length ?? 0;
    this.#reserve(RECORD_HEADER_SIZE + record.key.length * 3 + record.meta.length + inlineLength);
    const buf = this.#buf;
    const pos = this.#len;
    const keyLength = buf.write(record.key, pos + RECORD_HEADER_SIZE, "utf8");
    let end = pos + RECORD_HEADER_SIZE + keyLength;
    buf.set(record.meta, end);
    end += record.meta.length;
    if (record.inline !== undefined) buf.set(record.inline, end);
    end += inlineLength;
    buf[pos + REC.kind] = record.kind;
    buf[pos + REC.flags] =
      (record.inline !== undefined ? FLAG_INLINE : 0) |
      (keyLength === record.key.length ? FLAG_ASCII_KEY : 0);
    buf.writeUInt16LE(record.meta.length, pos + REC.metaLen);
    buf.writeUInt32LE(keyLength, pos + REC.keyLen);
    buf.writeUInt32LE(record.valueLength, pos + REC.valueLen);
    buf.writeUInt32LE(record.crc, pos + REC.crc);
    buf.writeDoubleLE(record.timestamp, pos + REC.ts);
    buf.writeDoubleLE(record.offset, pos + REC.offset);
    this.#len = end;
  }

  /** Seals the pending records into one frame and starts a new one; the result is valid until the next add. */
  take(): Buffer {
    writeFrameHeader(this.#buf, 0, this.payloadSize);
    const frame = this.#buf.subarray(0, this.#len);
    this.#len = FRAME_HEADER_SIZE;
    return frame;
  }

  #reserve(extra: number): void {
    if (this.#len + extra <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + extra));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
}

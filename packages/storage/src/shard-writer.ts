import { closeSync, fdatasyncSync, fsyncSync, openSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import { nextTimestamp } from "./clock.js";
import { type CacheType, encodeValue, isRawKind, KIND } from "./codec.js";
import { CacheError, quoteKey } from "./errors.js";
import { KIND_SEAL } from "./format.js";
import { FrameBuilder } from "./frame-builder.js";
import {
  activeWriters,
  closeQuietly,
  createAppendFile,
  DATA_EXT,
  INDEX_EXT,
  newWriterId,
} from "./shard-files.js";

/** How a {@link ShardWriter} writes. */
export interface ShardWriterSettings {
  folder: string;
  cacheType: CacheType;
  fsync: boolean;
  /** Mode of created files, else the umask decides. */
  fileMode: number | undefined;
  /** Values up to this many bytes live in the index record itself. */
  inlineMaxBytes: number;
}

const STAGE_BYTES = 4 << 20;
const FRAME_TARGET_BYTES = 256 << 10;
const NO_META = new Uint8Array(0);
const ZEROS = new Uint8Array(8);

/**
 * Appends records to one shard (`<id>.data` + `<id>.index`) owned by this writer alone. Values are staged in
 * memory and written data first, then the index frame that points at them, so a record is never visible
 * before its bytes; `close()` appends a seal frame. Files are created on the first flush. Callers check keys
 * and stop using the writer once closed.
 */
export class ShardWriter {
  readonly id: string = newWriterId();
  readonly #settings: ShardWriterSettings;
  readonly #frames = new FrameBuilder();
  #stage: Buffer | undefined;
  #stageLength = 0;
  #dataSize = 0;
  #dataFd = -1;
  #indexFd = -1;
  #closed = false;

  constructor(settings: ShardWriterSettings) {
    this.#settings = settings;
    activeWriters.add(this.id);
  }

  /**
   * Records `value` under `key`; throws a CacheError naming the key if the value cannot round-trip. Returns
   * whether the value went inline, in the index record itself.
   */
  set(key: string, value: unknown): boolean {
    const { kind, meta, bytes } = encodeValue(key, value, this.#settings.cacheType);
    const timestamp = nextTimestamp();
    if (bytes.length <= this.#settings.inlineMaxBytes) {
      this.#frames.add({
        kind,
        key,
        meta,
        valueLength: bytes.length,
        crc: 0,
        timestamp,
        offset: 0,
        inline: bytes,
      });
    } else {
      if (bytes.length > 0xffffffff)
        throw new CacheError(`CacheDict: value of key ${quoteKey(key)} exceeds 4 GiB`, {
          kind: "bad-input",
          key,
        });
      const offset = this.#appendData(bytes, isRawKind(kind));
      const crc = crc32(bytes);
      this.#frames.add({
        kind,
        key,
        meta,
        valueLength: bytes.length,
        crc,
        timestamp,
        offset,
        inline: undefined,
      });
    }
    if (this.#frames.payloadSize >= FRAME_TARGET_BYTES) this.flush();
    return bytes.length <= this.#settings.inlineMaxBytes;
  }

  /** Records a tombstone for `key`: it reads as missing until a later set. */
  delete(key: string): void {
    this.#addMarker(KIND.tombstone, key);
    if (this.#frames.payloadSize >= FRAME_TARGET_BYTES) this.flush();
  }

  /** Writes staged values, then the index frame describing them. */
  flush(): void {
    if (this.#stageLength > 0) {
      this.#writeData(this.#stage!.subarray(0, this.#stageLength));
      this.#stageLength = 0;
    }
    if (this.#frames.payloadSize === 0) return;
    if (this.#dataFd >= 0 && this.#settings.fsync) fdatasyncSync(this.#dataFd);
    if (this.#indexFd < 0) this.#indexFd = this.#create(INDEX_EXT);
    writeAll(this.#indexFd, this.#frames.take());
  }

  /** Flushes, seals the shard and releases its files; returns whether an index file was written. */
  close(): boolean {
    if (this.#closed) return this.#indexFd >= 0;
    try {
      if (this.#frames.payloadSize > 0 || this.#indexFd >= 0) {
        // The seal travels in the last frame: one write for both (a frame is all or nothing).
        this.#addMarker(KIND_SEAL, "");
        this.flush();
        if (this.#settings.fsync) this.#syncAll();
      }
    } finally {
      this.#release();
    }
    return this.#indexFd >= 0;
  }

  /** Releases the files without sealing (after a failed write: readers treat the tail as torn). */
  abort(): void {
    if (!this.#closed) this.#release();
  }

  #release(): void {
    this.#closed = true;
    activeWriters.delete(this.id);
    if (this.#dataFd >= 0) closeQuietly(this.#dataFd);
    if (this.#indexFd >= 0) closeQuietly(this.#indexFd);
  }

  #addMarker(kind: number, key: string): void {
    const timestamp = nextTimestamp();
    this.#frames.add({
      kind,
      key,
      meta: NO_META,
      valueLength: 0,
      crc: 0,
      timestamp,
      offset: 0,
      inline: undefined,
    });
  }

  #appendData(bytes: Uint8Array, align: boolean): number {
    const pad = align ? -this.#dataSize & 7 : 0;
    const offset = this.#dataSize + pad;
    this.#dataSize = offset + bytes.length;
    if (this.#stageLength + pad + bytes.length > STAGE_BYTES) this.flush();
    if (pad + bytes.length > STAGE_BYTES) {
      this.#writeData(ZEROS.subarray(0, pad));
      this.#writeData(bytes);
      return offset;
    }
    this.#stage ??= Buffer.allocUnsafe(STAGE_BYTES);
    this.#stage.fill(0, this.#stageLength, this.#stageLength + pad);
    this.#stage.set(bytes, this.#stageLength + pad);
    this.#stageLength += pad + bytes.length;
    return offset;
  }

  #writeData(bytes: Uint8Array): void {
    if (this.#dataFd < 0) this.#dataFd = this.#create(DATA_EXT);
    writeAll(this.#dataFd, bytes);
  }

  #create(ext: string): number {
    const { folder, fileMode } = this.#settings;
    return createAppendFile(folder, `${this.id}${ext}`, fileMode);
  }

  #syncAll(): void {
    fsyncSync(this.#indexFd);
    const dir = openSync(this.#settings.folder, "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

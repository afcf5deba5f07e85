// Hand-made shards, for tests that need control over timestamps, writer ids or the bytes of a value.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIND } from "../codec.js";
import { KIND_SEAL } from "../format.js";
import { FrameBuilder } from "../frame-builder.js";
import { INDEX_EXT } from "../shard-files.js";

/** One record of a crafted shard: a set (with inline msgpack bytes) or a delete. */
export interface CraftedRecord {
  key: string;
  timestamp: number;
  /** Inline msgpack bytes of the value; omitted for a delete. */
  msgpack?: Uint8Array;
  /** A value in the data file instead: where, and how long (any number, NaN included). */
  external?: { offset: number; length: number };
}

/** Writes `<folder>/<id>.index` holding the records in one frame, then a seal; returns its path. */
export function craftShard(folder: string, id: string, records: CraftedRecord[]): string {
  const builder = new FrameBuilder();
  const meta = new Uint8Array(0);
  for (const { key, timestamp, msgpack, external } of records) {
    const kind = msgpack === undefined && external === undefined ? KIND.tombstone : KIND.msgpack;
    const valueLength = external?.length ?? msgpack?.length ?? 0;
    const offset = external?.offset ?? 0;
    builder.add({ kind, key, meta, valueLength, crc: 0, timestamp, offset, inline: msgpack });
  }
  const frames = [Buffer.from(builder.take())];
  builder.add({
    kind: KIND_SEAL,
    key: "",
    meta,
    valueLength: 0,
    crc: 0,
    timestamp: 0,
    offset: 0,
    inline: undefined,
  });
  frames.push(Buffer.from(builder.take()));
  const path = join(folder, `${id}${INDEX_EXT}`);
  writeFileSync(path, Buffer.concat(frames));
  return path;
}

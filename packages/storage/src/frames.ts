import { crc32 } from "node:zlib";
import {
  FRAME_HEADER_SIZE,
  FRAME_MAGIC,
  MAX_FRAME_PAYLOAD,
  RECORD_HEADER_SIZE,
  recordEnd,
} from "./format.js";

/** A stretch of an index file that could not be trusted; its records are ignored. */
export interface FrameProblem {
  /** Offset in the scanned buffer. */
  offset: number;
  reason: string;
}

/** What {@link scanFrames} found. */
export interface FrameScan {
  /** Offset just after the last complete (or skipped) frame: where the next scan resumes. */
  end: number;
  /** True when bytes after `end` hold the start of a frame not fully written yet (or torn). */
  incomplete: boolean;
  problems: FrameProblem[];
}

const MAGIC_BYTES = Buffer.alloc(4);
MAGIC_BYTES.writeUInt32LE(FRAME_MAGIC);

/**
 * Walks the frames in `buf`, calling `onRecord(pos)` for each record of each frame whose checksums match.
 * A frame with a bad header or payload is reported and skipped (the scan resynchronises on the next magic).
 */
export function scanFrames(buf: Buffer, onRecord: (pos: number) => void): FrameScan {
  const problems: FrameProblem[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < 4) return { end: pos, incomplete: true, problems };
    if (buf.readUInt32LE(pos) !== FRAME_MAGIC) {
      problems.push({ offset: pos, reason: "no frame starts here" });
      pos = resync(buf, pos);
      continue;
    }
    if (buf.length - pos < FRAME_HEADER_SIZE) return { end: pos, incomplete: true, problems };
    const length = buf.readUInt32LE(pos + 4);
    if (crc32(buf.subarray(pos, pos + 12)) !== buf.readUInt32LE(pos + 12) || length > MAX_FRAME_PAYLOAD) {
      problems.push({ offset: pos, reason: "frame header checksum mismatch" });
      pos = resync(buf, pos);
      continue;
    }
    const start = pos + FRAME_HEADER_SIZE;
    if (buf.length - start < length) return { end: pos, incomplete: true, problems };
    if (crc32(buf.subarray(start, start + length)) !== buf.readUInt32LE(pos + 8)) {
      problems.push({ offset: pos, reason: "frame payload checksum mismatch" });
    } else {
      const bad = forEachRecord(buf, start, start + length, onRecord);
      if (bad >= 0) problems.push({ offset: bad, reason: "record overruns its frame" });
    }
    pos = start + length;
  }
  return { end: pos, incomplete: false, problems };
}

function resync(buf: Buffer, from: number): number {
  const next = buf.indexOf(MAGIC_BYTES, from + 1);
  return next < 0 ? buf.length : next;
}

/** Calls `onRecord` for each record in [start, end); returns the offset of a record that overruns, or -1. */
function forEachRecord(buf: Buffer, start: number, end: number, onRecord: (pos: number) => void): number {
  for (let pos = start; pos < end; ) {
    const next = end - pos < RECORD_HEADER_SIZE ? end + 1 : recordEnd(buf, pos);
    if (next > end) return pos;
    onRecord(pos);
    pos = next;
  }
  return -1;
}

import { fstatSync } from "node:fs";

/**
 * A data file's bytes are checked (crc32) when first read; this process then remembers, per file, which
 * values matched, so that re-reading them skips the check while the file is unchanged: same device,
 * inode, size, mtime and ctime. Only files quiet for {@link QUIET_MS} when checked are remembered, so a
 * later write cannot hide within the file system's timestamp granularity.
 */
const QUIET_MS = 1000;
/** Beyond this many remembered values, the memory starts over (values get checked again). */
const MAX_REMEMBERED = 1 << 20;

interface FileMemory {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Offset → crc32 of the values that matched their checksum. */
  crcs: Map<number, number>;
}

const files = new Map<string, FileMemory>();
let remembered = 0;

/**
 * The values of the data file `path` (open as `fd`) already checked by this process (offset → crc32), to
 * which newly checked ones are added; undefined when the file changed too recently to remember checks.
 */
export function checkedValues(path: string, fd: number): Map<number, number> | undefined {
  const { dev, ino, size, mtimeMs, ctimeMs } = fstatSync(fd);
  const known = files.get(path);
  if (
    known !== undefined &&
    known.dev === dev &&
    known.ino === ino &&
    known.size === size &&
    known.mtimeMs === mtimeMs &&
    known.ctimeMs === ctimeMs
  ) {
    return known.crcs;
  }
  if (known !== undefined) {
    files.delete(path);
    remembered -= known.crcs.size;
  }
  if (Date.now() - Math.max(mtimeMs, ctimeMs) < QUIET_MS) return undefined;
  if (remembered >= MAX_REMEMBERED) {
    files.clear();
    remembered = 0;
  }
  const crcs = new Map<number, number>();
  files.set(path, { dev, ino, size, mtimeMs, ctimeMs, crcs });
  return crcs;
}

/** Records that the value at `offset` matched `crc` (see {@link checkedValues}). */
export function rememberChecked(crcs: Map<number, number>, offset: number, crc: number): void {
  if (!crcs.has(offset)) remembered++;
  crcs.set(offset, crc);
}

import { closeSync, fchmodSync, mkdirSync, openSync, readdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { randomHex, setFolderMode } from "@exca/config";
import { CacheError } from "./errors.js";

/** Suffix of the index file of a shard. */
export const INDEX_EXT = ".index";
/** Suffix of the data file of a shard. */
export const DATA_EXT = ".data";

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, "_") || "host";
const WRITER_ID = /^(.*)-(\d+)-[0-9a-f]{12}$/;
/** A shard without a seal whose host we cannot query is presumed dead after this long without change. */
const FOREIGN_WRITER_TIMEOUT_MS = 60_000;

/** Writer ids of this process whose shard is still open (their tails may legitimately be incomplete). */
export const activeWriters: Set<string> = new Set<string>();

/** A fresh shard name, `<host>-<pid>-<12 hex>`: unique per process and per write call. */
export function newWriterId(): string {
  return `${HOST}-${process.pid}-${randomHex(6)}`;
}

/** True when nothing more will be appended to the shard of writer `id` (the process is gone or done). */
export function isWriterGone(id: string, mtimeMs: number): boolean {
  const match = WRITER_ID.exec(id);
  if (match === null || match[1] !== HOST) return Date.now() - mtimeMs > FOREIGN_WRITER_TIMEOUT_MS;
  const pid = Number(match[2]);
  if (pid === process.pid) return !activeWriters.has(id);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Writer ids of the shards in `folder` (an absent folder has none). */
export function listShards(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CacheError(`CacheDict: cannot list folder "${folder}"`, { file: folder, cause: error });
  }
  return names.filter((name) => name.endsWith(INDEX_EXT)).map((name) => name.slice(0, -INDEX_EXT.length));
}

/** Kernel file systems where no cache can live: Node's recursive mkdir retries forever below them. */
const VIRTUAL_ROOTS = ["/proc", "/sys"];

/**
 * Throws a CacheError when `folder` lies in /proc or /sys, where Node's recursive mkdir never returns
 * (a missing path there answers ENOENT to every attempt).
 */
export function refuseVirtualFolder(folder: string): void {
  const full = resolve(folder);
  const root = VIRTUAL_ROOTS.find((virtual) => full === virtual || full.startsWith(`${virtual}/`));
  if (root !== undefined)
    throw new CacheError(
      `cannot use "${folder}" as a cache folder: ${root} is a kernel file system; choose a folder on a disk`,
      { kind: "bad-input", file: folder },
    );
}

/** Creates `folder` and missing parents; with `permissions`, sets them exactly on the folders it created. */
export function ensureFolder(folder: string, permissions: number | undefined): void {
  refuseVirtualFolder(folder);
  try {
    const first = mkdirSync(folder, { recursive: true, mode: permissions ?? 0o777 });
    if (first === undefined || permissions === undefined) return;
    for (let dir = folder; ; dir = dirname(dir)) {
      setFolderMode(dir, permissions);
      if (dir === first || dirname(dir) === dir) return;
    }
  } catch (cause) {
    throw new CacheError(`CacheDict: cannot create folder "${folder}"`, { file: folder, cause });
  }
}

/** Creates a new file for appending (fails if it exists); with `mode`, sets it exactly despite the umask. */
export function createAppendFile(folder: string, name: string, mode: number | undefined): number {
  const path = join(folder, name);
  try {
    const fd = openSync(path, "ax", mode ?? 0o666);
    if (mode !== undefined) fchmodSync(fd, mode);
    return fd;
  } catch (cause) {
    throw new CacheError(`CacheDict: cannot create "${path}"`, { file: path, cause });
  }
}

/** Closes a file descriptor, ignoring errors (used on cleanup paths). */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed or never valid: nothing to release
  }
}

import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { CacheError } from "./errors.js";
import { KIND_SEAL } from "./format.js";
import { scanFrames } from "./frames.js";
import { IndexTable } from "./index-table.js";
import { INDEX_EXT, isWriterGone, listShards } from "./shard-files.js";

/** What the reader remembers of one index file between refreshes. */
interface ShardState {
  ino: number;
  /** Offset of the first byte not parsed yet. */
  offset: number;
  /** File size at the last read; an unchanged size means nothing to read. */
  size: number;
  /** The writer finished (seal record) or is gone: the file should never change again. */
  sealed: boolean;
}

/**
 * The in-memory index of a folder, loaded lazily and incrementally: each refresh lists the folder, only
 * stats sealed shards (and those whose writer is gone), and reads just the bytes appended to the others
 * since the last refresh. A shard that vanished, changed size while sealed, shrank or was replaced (new
 * inode) triggers a full reload.
 */
export class FolderIndex {
  readonly folder: string;
  table: IndexTable = new IndexTable();
  /** Bumped on every full reload, so holders of old record references can tell. */
  generation = 0;
  readonly #shards = new Map<string, ShardState>();
  readonly #warn: (error: CacheError) => void;
  #loaded = false;
  /** Shards this process wrote, to read on the next use (see {@link FolderIndex.deferShard}). */
  readonly #deferred = new Set<string>();
  #lastRefresh = Number.NEGATIVE_INFINITY;

  constructor(folder: string, warn: (error: CacheError) => void) {
    this.folder = folder;
    this.#warn = warn;
  }

  /** Loads the index on first use, and the shards deferred since (see {@link FolderIndex.deferShard}). */
  ensureLoaded(): void {
    if (!this.#loaded) this.refresh();
    else if (this.#deferred.size > 0) {
      const ids = [...this.#deferred];
      this.#deferred.clear();
      for (const id of ids) {
        if (!this.#readShard(id)) {
          this.refresh();
          return;
        }
      }
    }
  }

  /** Refreshes when the last refresh is at least `intervalMs` old; returns whether it did. */
  refreshIfOlderThan(intervalMs: number): boolean {
    if (performance.now() - this.#lastRefresh < intervalMs) return false;
    this.refresh();
    return true;
  }

  /** Brings the index up to date with the folder. */
  refresh(): void {
    this.#deferred.clear(); // read below with every other shard
    for (let attempt = 0; attempt < 3 && !this.#tryRefresh(); attempt++) this.reset();
    this.#loaded = true;
    this.#lastRefresh = performance.now();
  }

  /** Reads what one shard appended (used after this process wrote it); no-op before the first load. */
  refreshShard(id: string): void {
    if (this.#loaded && !this.#readShard(id)) this.refresh();
  }

  /**
   * Like {@link FolderIndex.refreshShard}, but the shard is read on the next use of the index rather than
   * now: a writer whose caller never looks its keys up again (a map's cold run, which has its results in
   * hand) then never holds the index of what it wrote (at 1M small items: its 45 MB file and the table
   * entries, ~70 MB of the run's peak).
   */
  deferShard(id: string): void {
    if (this.#loaded) this.#deferred.add(id);
  }

  /** Forgets everything; the next use reloads from the folder. */
  reset(): void {
    this.#deferred.clear();
    this.table = new IndexTable();
    this.#shards.clear();
    this.generation++;
    this.#loaded = false;
  }

  /** The path of a shard's index file. */
  indexPath(id: string): string {
    return join(this.folder, `${id}${INDEX_EXT}`);
  }

  #tryRefresh(): boolean {
    const ids = listShards(this.folder);
    if (this.#shards.size > 0) {
      const present = new Set(ids);
      for (const id of this.#shards.keys()) if (!present.has(id)) return false;
    }
    for (const id of ids) if (!this.#readShard(id)) return false;
    return true;
  }

  /** Reads the new bytes of one index file; false when the file changed under us and a reload is needed. */
  #readShard(id: string): boolean {
    const known = this.#shards.get(id);
    const path = this.indexPath(id);
    if (known?.sealed) {
      // a sealed shard never changes: a stat is enough to notice it was truncated or replaced
      const stat = statSync(path, { throwIfNoEntry: false });
      return stat !== undefined && stat.ino === known.ino && stat.size === known.size;
    }
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return known === undefined;
      this.#warn(
        new CacheError(`CacheDict: cannot open index "${path}"; its keys are missing`, {
          file: path,
          cause: error,
        }),
      );
      return true;
    }
    try {
      const stat = fstatSync(fd);
      if (known !== undefined && (stat.ino !== known.ino || stat.size < known.offset)) return false;
      const state = known ?? { ino: stat.ino, offset: 0, size: 0, sealed: false };
      this.#shards.set(id, state);
      if (stat.size - state.offset > MAX_INDEX_READ) {
        // Not written by exca (an index grows by small frames): reading it whole would throw a RangeError.
        this.#warn(
          corrupt(
            path,
            state.offset,
            `${stat.size - state.offset} bytes to read at once, more than an index holds`,
          ),
        );
        state.offset = state.size = stat.size;
      } else if (stat.size !== state.size) this.#parse(id, fd, state, stat.size);
      if (!state.sealed && isWriterGone(id, stat.mtimeMs)) {
        // treated as sealed from now on: if the writer was only presumed gone and appends again, the
        // size check of sealed shards notices and reloads everything
        state.sealed = true;
        if (state.offset < stat.size) {
          this.#warn(
            corrupt(path, state.offset, "truncated record (the writer died mid-write)", "torn-tail"),
          );
        }
      }
      return true;
    } finally {
      closeSync(fd);
    }
  }

  #parse(id: string, fd: number, state: ShardState, size: number): void {
    const buf = Buffer.allocUnsafe(size - state.offset);
    let length = 0;
    while (length < buf.length) {
      const n = readSync(fd, buf, length, buf.length - length, state.offset + length);
      if (n === 0) break;
      length += n;
    }
    const bytes = buf.subarray(0, length);
    const base = state.offset;
    const table = this.table;
    const chunkNo = table.addChunk({ buf: bytes, shard: id, fileOffset: base });
    const scan = scanFrames(bytes, (pos) => {
      if (bytes[pos] === KIND_SEAL) state.sealed = true;
      else if (!table.offer(chunkNo, pos))
        this.#warn(corrupt(this.indexPath(id), base + pos, "key is not UTF-8"));
    });
    for (const problem of scan.problems)
      this.#warn(corrupt(this.indexPath(id), base + problem.offset, problem.reason));
    state.offset = base + scan.end;
    state.size = base + length;
  }
}

/** The most of an index file read at once: far beyond what writers append between two reads. */
const MAX_INDEX_READ = 2 ** 31;

function corrupt(
  path: string,
  offset: number,
  reason: string,
  kind: "corrupt-index" | "torn-tail" = "corrupt-index",
): CacheError {
  return new CacheError(
    `CacheDict: corrupt index "${path}" at offset ${offset} (${reason}); the keys it held read as missing`,
    { kind, file: path, offset },
  );
}

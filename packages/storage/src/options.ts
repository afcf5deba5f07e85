import { resolve } from "node:path";
import type { CacheType } from "./codec.js";
import { CacheError } from "./errors.js";

/** Options of a {@link CacheDict}. */
export interface CacheDictOptions {
  /** Folder holding the shard files; may be omitted only with `keepInRam: true` (a RAM-only store). */
  folder?: string;
  /**
   * Also keep values in RAM once written or read (with no folder, RAM is the only storage). Values small
   * enough to live in the index (`inlineMaxBytes`) are in RAM with it already, and decoded at each read.
   * @default false
   */
  keepInRam?: boolean;
  /**
   * Forces one handler for every value: `"msgpack"`, `"raw"` (typed arrays, Buffers), `"ndarray"`
   * (`{ shape, dtype, data }`) or `"string"`; `"auto"` picks by value.
   * @default "auto"
   */
  cacheType?: CacheType;
  /**
   * Mode of the folders this store creates, e.g. `0o770`; files get it without execute bits (`0o660`).
   * @default undefined (the process umask decides)
   */
  permissions?: number;
  /**
   * fsync data before writing the index records that point at it, and the index when a write ends:
   * survives power loss, at a large cost in write speed.
   * @default false
   */
  fsync?: boolean;
  /**
   * Minimum time between automatic index refreshes triggered by a miss (`has`, `get`) or by `keys`/`size`;
   * `refresh()` always refreshes.
   * @default 500
   */
  refreshIntervalMs?: number;
  /**
   * Values up to this many encoded bytes are stored in the index record itself, not in the data file.
   * @default 256
   */
  inlineMaxBytes?: number;
  /**
   * Receives each problem met while reading (a corrupt or torn index record, an unreadable value), typed by
   * its `kind`, instead of the warning the store logs otherwise: how a tool such as `exca verify` learns of
   * them. The damaged records read as missing either way.
   * @default undefined (a warning, once per problem)
   */
  onProblem?: (problem: CacheError) => void;
}

/** {@link CacheDictOptions} with defaults applied and the folder made absolute. */
export interface ResolvedOptions {
  folder: string | undefined;
  keepInRam: boolean;
  cacheType: CacheType;
  permissions: number | undefined;
  fsync: boolean;
  refreshIntervalMs: number;
  inlineMaxBytes: number;
  onProblem: ((problem: CacheError) => void) | undefined;
}

const CACHE_TYPES: readonly CacheType[] = ["auto", "msgpack", "raw", "ndarray", "string"];

/** Applies defaults and rejects bad options with a CacheError quoting them. */
export function resolveOptions(options: CacheDictOptions): ResolvedOptions {
  const { folder, keepInRam = false, cacheType = "auto", permissions, fsync = false } = options;
  const { refreshIntervalMs = 500, inlineMaxBytes = 256 } = options;
  if (folder === undefined && !keepInRam) {
    throw badOption("CacheDict: options.folder is required unless keepInRam is true");
  }
  if (folder !== undefined && (typeof folder !== "string" || folder === "")) {
    throw badOption(`CacheDict: options.folder must be a non-empty path, got ${JSON.stringify(folder)}`);
  }
  if (!CACHE_TYPES.includes(cacheType)) {
    throw badOption(
      `CacheDict: options.cacheType must be one of ${CACHE_TYPES.join(", ")}, got "${cacheType}"`,
    );
  }
  if (
    permissions !== undefined &&
    !(Number.isInteger(permissions) && permissions >= 0 && permissions <= 0o7777)
  ) {
    throw badOption(`CacheDict: options.permissions must be a mode like 0o770, got ${permissions}`);
  }
  for (const [name, value] of [
    ["refreshIntervalMs", refreshIntervalMs],
    ["inlineMaxBytes", inlineMaxBytes],
  ] as const) {
    if (!(typeof value === "number" && value >= 0)) {
      throw badOption(`CacheDict: options.${name} must be a number >= 0, got ${value}`);
    }
  }
  return {
    folder: folder === undefined ? undefined : resolve(folder),
    keepInRam,
    cacheType,
    permissions,
    fsync,
    refreshIntervalMs,
    inlineMaxBytes: Math.min(inlineMaxBytes, 0xffffffff),
    onProblem: options.onProblem,
  };
}

function badOption(message: string): CacheError {
  return new CacheError(message, { kind: "bad-input" });
}

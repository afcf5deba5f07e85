/**
 * What went wrong, for code that reacts to it (`exca verify`, repairs) without parsing messages:
 * - `bad-input`: a key, value or option the store refuses (nothing was written);
 * - `io`: the file system refused (cannot open, create, list or write);
 * - `corrupt-index`: an index record that is not what exca writes (its keys read as missing);
 * - `torn-tail`: the last record of an index whose writer died mid-write (nothing acknowledged was lost);
 * - `bad-value`: a value that cannot be read back (checksum, truncation, undecodable): it reads as missing;
 * - `foreign`: a file or folder that belongs to another computation or is not where exca put it.
 */
export type CacheErrorKind = "bad-input" | "io" | "corrupt-index" | "torn-tail" | "bad-value" | "foreign";

/** Where a {@link CacheError} happened; every field is optional. */
export interface CacheErrorDetails {
  /** What went wrong. @default "io" */
  kind?: CacheErrorKind;
  /** File being read or written. */
  file?: string;
  /** Byte offset in `file` of the bad record or value. */
  offset?: number;
  /** Cache key concerned. */
  key?: string;
  /** The original error. */
  cause?: unknown;
}

/** A storage problem (bad input, unreadable or corrupt file), naming the file and byte offset where relevant. */
export class CacheError extends Error {
  override name = "CacheError";
  /** What went wrong (see {@link CacheErrorKind}). */
  readonly kind: CacheErrorKind;
  /** File being read or written, if any. */
  readonly file: string | undefined;
  /** Byte offset in {@link CacheError.file}, if known. */
  readonly offset: number | undefined;
  /** Cache key concerned, if any. */
  readonly key: string | undefined;

  constructor(message: string, details: CacheErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind ?? "io";
    this.file = details.file;
    this.offset = details.offset;
    this.key = details.key;
  }
}

/** Quotes a key for messages: JSON-escaped (NUL and control characters stay visible), cut at 80 characters. */
export function quoteKey(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 77)}...` : key);
}

/** True when a string survives UTF-8 encoding (no lone surrogate). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

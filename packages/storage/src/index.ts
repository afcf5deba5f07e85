export type { CacheWriter } from "./backend.js";
export { CacheDict } from "./cache-dict.js";
export type { CacheType } from "./codec.js";
export type { CacheErrorDetails, CacheErrorKind } from "./errors.js";
export { CacheError } from "./errors.js";
export type { NdArray } from "./ndarray.js";
export type { CacheDictOptions, ResolvedOptions } from "./options.js";
export { refuseVirtualFolder } from "./shard-files.js";
export type { TypedArray } from "./typed-arrays.js";

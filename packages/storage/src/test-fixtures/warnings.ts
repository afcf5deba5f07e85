import { setLogSink } from "@exca/config";
import { CacheError } from "../errors.js";

/** Collects the CacheErrors logged as warnings until `restore()` is called. */
export interface CapturedWarnings {
  readonly errors: CacheError[];
  restore(): void;
}

/** Starts capturing warnings from the logger (nothing reaches stderr meanwhile). */
export function captureWarnings(): CapturedWarnings {
  const errors: CacheError[] = [];
  const restore = setLogSink((record) => {
    if (record.level === "warn" && record.detail instanceof CacheError) errors.push(record.detail);
  });
  return { errors, restore };
}

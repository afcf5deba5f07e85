import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { CacheDict } from "@exca/storage";
import type { ErrorInfo } from "./error-info.js";
import { writeFailure } from "./files.js";
import { uidFolderPath } from "./uid-folder.js";

/** What a finished job left: its value, or the error it raised. */
export type Stored =
  | { ok: true; value: unknown }
  /** `original`: the thrown object itself, when it was thrown in this process (kept in RAM only). */
  | { ok: false; error: ErrorInfo; original?: unknown };

const VALUE = "value";
const ERROR = "error";

/** The result of one task, stored through a CacheDict in `<uid folder>/result`. */
export class InfraResults {
  readonly folder: string;
  readonly #store: CacheDict;
  #readBefore = false;

  constructor(uidFolder: string, permissions: number | undefined) {
    this.folder = uidFolderPath(uidFolder, "result");
    // Refreshed by read() below, rather than by each has() that misses.
    this.#store = new CacheDict({
      folder: this.folder,
      permissions,
      refreshIntervalMs: Number.POSITIVE_INFINITY,
    });
  }

  /** The stored outcome, or undefined when the job has not finished (or never ran). */
  async read(): Promise<Stored | undefined> {
    // The first has() loads the index; later reads refresh it unless it holds a value (final until cleared;
    // an error is not: another process may retry the task and store its value).
    if (this.#readBefore && !this.#store.has(VALUE)) await this.#store.refresh();
    this.#readBefore = true;
    if (this.#store.has(VALUE)) {
      const value = await this.#store.get(VALUE, MISSING);
      if (value !== MISSING) return { ok: true, value };
    }
    if (this.#store.has(ERROR)) {
      const error = (await this.#store.get(ERROR, MISSING)) as ErrorInfo | typeof MISSING;
      if (error !== MISSING) return { ok: false, error };
    }
    return undefined;
  }

  /** Stores a value (throws a CacheError when it cannot round-trip, or cannot be written). */
  async writeValue(value: unknown): Promise<void> {
    await this.#write(VALUE, value);
  }

  async writeError(error: ErrorInfo): Promise<void> {
    await this.#write(ERROR, { ...error });
  }

  async #write(key: string, value: unknown): Promise<void> {
    try {
      await this.#store.write((writer) => writer.set(key, value));
    } catch (error) {
      throw writeFailure(error, this.folder);
    }
  }

  /** True when an outcome was written, even in part (shard files exist), readable or not. */
  written(): boolean {
    try {
      return readdirSync(this.folder).some((name) => name.endsWith(".index") || name.endsWith(".data"));
    } catch {
      return false;
    }
  }

  /** Forgets the outcome. */
  async clear(): Promise<void> {
    await this.#store.clear();
    await rm(this.folder, { recursive: true, force: true });
  }
}

const MISSING = Symbol("missing");

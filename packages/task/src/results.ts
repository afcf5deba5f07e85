import { rm } from "node:fs/promises";
import { join } from "node:path";
import { CacheDict } from "@exca/storage";
import type { ErrorInfo } from "./errors.js";

/** What a finished job left: its value, or the error it raised. */
export type Stored = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

const VALUE = "value";
const ERROR = "error";

/** The result of one task, stored through a CacheDict in `<uid folder>/result`. */
export class TaskResults {
  readonly folder: string;
  readonly #store: CacheDict;

  constructor(uidFolder: string, permissions: number | undefined) {
    this.folder = join(uidFolder, "result");
    this.#store = new CacheDict({ folder: this.folder, permissions, refreshIntervalMs: 0 });
  }

  /** The stored outcome, or undefined when the job has not finished (or never ran). */
  async read(): Promise<Stored | undefined> {
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

  /** Stores a value (throws a CacheError when it cannot round-trip). */
  async writeValue(value: unknown): Promise<void> {
    await this.#store.write((writer) => writer.set(VALUE, value));
  }

  async writeError(error: ErrorInfo): Promise<void> {
    await this.#store.write((writer) => writer.set(ERROR, { ...error }));
  }

  /** Forgets the outcome. */
  async clear(): Promise<void> {
    await this.#store.clear();
    await rm(this.folder, { recursive: true, force: true });
  }
}

const MISSING = Symbol("missing");

// Temporary folders for a test file: one root per suite, created before its tests and removed after them.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";

/** A suite's temporary root and fresh paths below it. */
export interface TempFolders {
  /** The root folder (set once the suite's `before` hook has run). */
  readonly root: string;
  /** A new path below the root, not created: tests that want a fresh cache folder give it to an infra. */
  folder(): string;
  /** A new folder below the root, created. */
  made(): Promise<string>;
}

/**
 * Registers `before`/`after` hooks of the calling test file that create a temporary root named after
 * `prefix` and remove it with everything below; call it at the top level of the file.
 */
export function tempFolders(prefix: string): TempFolders {
  let root = "";
  let n = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), `exca-${prefix}-`));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const folder = (): string => {
    if (root === "") throw new Error("tempFolders: folder() called before the suite's before hook ran");
    return join(root, `f${n++}`);
  };
  return {
    get root() {
      return root;
    },
    folder,
    made: async () => {
      const path = folder();
      await mkdir(path, { recursive: true });
      return path;
    },
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary root folder for one test file, handing out fresh sub-folders. */
export interface TempRoot {
  readonly path: string;
  /** A new, not yet created folder path under the root. */
  folder(): string;
  remove(): void;
}

/** Creates a temporary root under the OS temp dir. */
export function tempRoot(prefix: string): TempRoot {
  const path = mkdtempSync(join(tmpdir(), `exca-${prefix}-`));
  let count = 0;
  return {
    path,
    folder: () => join(path, `store-${count++}`),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

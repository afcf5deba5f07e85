import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * True when the module at `moduleUrl` is the script being run, and not inside an exca worker. Worker
 * processes import the modules of the classes they run, so a script that defines a task class and runs
 * it guards its main code with `if (isMain(import.meta.url)) { ... }` (Python's `if __name__ == "__main__"`).
 */
export function isMain(moduleUrl: string): boolean {
  if (process.env.EXCA_WORKER === "1") return false;
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === moduleUrl;
  } catch {
    return false;
  }
}

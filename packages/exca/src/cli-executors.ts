import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getLogger } from "@exca/config";

const log = getLogger("cli");

/** Executor packages exca knows of: loaded when installed, so the CLI can follow and cancel their jobs. */
const KNOWN = ["@exca/slurm"];

/**
 * Registers every executor the CLI can reach: the known ones that are installed beside exca (Slurm when
 * `@exca/slurm` is), and third-party packages listed in `EXCA_EXECUTORS` (comma-separated package names or files,
 * resolved from the current folder), which register their executor when imported.
 */
export async function loadExecutors(
  env: NodeJS.ProcessEnv = process.env,
  known: readonly string[] = KNOWN,
): Promise<void> {
  for (const name of known) {
    try {
      // Beside exca only (an optional peer dependency), never from the current folder: the CLI is often run
      // inside a cache folder that others may write, and a planted node_modules there must not run.
      await import(name);
    } catch (error) {
      if (!isMissing(error, name)) throw error;
      log.debug(`${name} is not installed: its jobs are not followed`);
    }
  }
  // Listed by the user, so resolved from where they stand (as `node -r` would).
  const fromHere = createRequire(join(process.cwd(), "package.json"));
  const listed = (env.EXCA_EXECUTORS ?? "").split(",").map((entry) => entry.trim());
  for (const entry of listed.filter((entry) => entry !== "")) {
    let url: string;
    try {
      url = pathToFileURL(fromHere.resolve(entry)).href;
    } catch (error) {
      throw new Error(
        `EXCA_EXECUTORS names ${JSON.stringify(entry)}, which cannot be found from ${process.cwd()}: install it there or give its file path`,
        { cause: error },
      );
    }
    await import(url);
  }
}

/** True when `error` says that `name` itself is not installed (not that something it imports is broken). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  const missing = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
  return missing && (message ?? "").includes(`'${name}'`);
}

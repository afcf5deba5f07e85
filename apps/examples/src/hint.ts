import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";

/** Quotes a path for a POSIX shell when it needs it. */
function shellPath(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * A command that lists `cache` with the exca CLI, to paste in `here` (the folder the user stands in):
 * from the repository root, the root script through tooling/dev.sh; from the examples app, its linked
 * `exca` bin; from anywhere else, node on the CLI's shim.
 */
export function inspectCommand(cache: string, here: string, repoRoot: string): string {
  const root = resolve(repoRoot);
  const app = join(root, "apps", "examples");
  const at = resolve(here);
  if (at === root && existsSync(join(root, "tooling", "dev.sh")))
    return `bash tooling/dev.sh exca ls ${shellPath(relative(root, resolve(cache)))}`;
  const target = shellPath(relative(at, resolve(cache)) || ".");
  if (at === app) return `npx exca ls ${target}`;
  return `node ${shellPath(relative(at, join(root, "packages", "exca", "bin", "exca.js")))} ls ${target}`;
}

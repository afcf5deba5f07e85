import { readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

const ids = new Map<string, string>();
/** Top folders that hold the same modules in sources and in builds: left out so both name them alike. */
const LAYOUT_FOLDERS = new Set(["src", "dist", "lib", "build", "out"]);

/**
 * A readable name of the module at `file`, the same on every machine and checkout: the name of its
 * package (nearest package.json) then its path inside the package, dotted, without extension or a
 * leading `src`/`dist`/`lib`/`build`/`out` folder; e.g. `acme.models.vision.train` for
 * `<checkout>/packages/models/src/vision/train.ts` of package `@acme/models`. A file outside any
 * package is named by its file name alone. Undefined for code without a file (REPL, eval).
 */
export function moduleId(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let id = ids.get(file);
  if (id === undefined) {
    id = computeModuleId(file);
    ids.set(file, id);
  }
  return id;
}

function computeModuleId(file: string): string {
  const stem = (path: string): string => path.replace(/\.[cm]?[jt]sx?$/, "");
  const pkg = nearestPackage(dirname(file));
  if (pkg === undefined) return stem(basename(file));
  const parts = stem(relative(pkg.dir, file)).split(sep);
  if (parts.length > 1 && LAYOUT_FOLDERS.has(parts[0]!)) parts.shift();
  return [pkg.name.replace(/^@/, "").replace(/\//g, "."), ...parts].filter((part) => part !== "").join(".");
}

/** The nearest folder at or above `dir` holding a package.json with a name. */
function nearestPackage(dir: string): { dir: string; name: string } | undefined {
  for (let current = dir; ; current = dirname(current)) {
    try {
      const manifest = JSON.parse(readFileSync(join(current, "package.json"), "utf8")) as { name?: unknown };
      // A package.json without a name (e.g. a `{"type": "module"}` marker in a build folder) is no package root.
      if (typeof manifest.name === "string" && manifest.name !== "")
        return { dir: current, name: manifest.name };
    } catch {
      // no (readable) package.json here: look higher
    }
    if (dirname(current) === current) return undefined;
  }
}

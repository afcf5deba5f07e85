import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync, realpathSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ModuleRef } from "./types.js";

const internalRoots = new Set<string>();

/**
 * Frames of a package's own code are skipped when looking for user code. Give the package root: its
 * `dist/` and, since source maps may rewrite frames to the sources, its `src/` are internal. Code that
 * passes `new URL("..", import.meta.url)` from its bundle (dist/bundle/) gives `dist/`: that means the root.
 */
export function registerInternalPackage(rootUrl: string): void {
  const root = (rootUrl.startsWith("file:") ? fileURLToPath(rootUrl) : rootUrl).replace(
    /[/\\]dist[/\\]?$/,
    "",
  );
  internalRoots.add(join(root, "dist") + sep);
  internalRoots.add(join(root, "src") + sep);
}

registerInternalPackage(new URL("..", import.meta.url).href);

function frameFile(line: string): string | undefined {
  const match = /\(?((?:file:\/\/)?\/[^():]+?\.[cm]?[jt]sx?):\d+:\d+\)?$/.exec(line.trim());
  if (match === null) return undefined;
  return match[1]!.startsWith("file:") ? fileURLToPath(match[1]!) : match[1]!;
}

/**
 * The file of the first caller outside exca's own packages and node internals: called while a class is
 * being defined (by a decorator), it names the module that defines the class. Undefined in a REPL/eval.
 */
export function definitionSite(): string | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  Error.captureStackTrace(holder, definitionSite);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? "").split("\n").slice(1)) {
    const file = frameFile(line);
    if (file === undefined || file.includes("/node_modules/")) continue;
    // Test fixtures live inside the packages' folders but play the part of user code.
    if (!file.includes("/test-fixtures/") && [...internalRoots].some((root) => file.startsWith(root)))
      continue;
    return file;
  }
  return undefined;
}

/** Error raised when a class cannot be found again by another process. */
export class LocateError extends Error {
  override name = "LocateError";
}

/**
 * Finds the export of `value` in the module at `file`, so that a worker can import it. Throws a
 * `LocateError` that says how to fix it when the class is not exported or the module is unknown.
 */
export async function locateExport(
  value: object,
  file: string | undefined,
  label: string,
): Promise<ModuleRef> {
  if (file === undefined) {
    throw new LocateError(
      `${label} was defined in a REPL or eval: other processes cannot import it. Define it in a module file and export it.`,
    );
  }
  const moduleUrl = pathToFileURL(file).href;
  const exportName = isEntryModule(file)
    ? exportedInSource(file, value)
    : await exportedValue(moduleUrl, value);
  if (exportName !== undefined) return { moduleUrl, exportName };
  throw new LocateError(
    `${label} is not exported from ${file}: other processes cannot import it. ` +
      "Export it at the top level of its module (`export class ...`); a class defined inside a function cannot run in a worker.",
  );
}

/** The entry script may still be evaluating (top-level await): importing it from itself would deadlock. */
function isEntryModule(file: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(file);
  } catch {
    return false;
  }
}

async function exportedValue(moduleUrl: string, value: object): Promise<string | undefined> {
  const moduleExports = (await import(moduleUrl)) as Record<string, unknown>;
  for (const [exportName, exported] of Object.entries(moduleExports)) {
    if (exported === value) return exportName;
  }
  return undefined;
}

/** For the entry module: trusts the class name when the source exports a binding of that name. */
function exportedInSource(file: string, value: object): string | undefined {
  const name = (value as { name?: unknown }).name;
  if (typeof name !== "string" || !/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  const source = readFileSync(file, "utf8");
  const declared = new RegExp(`export\\s+(?:default\\s+)?(?:abstract\\s+)?class\\s+${name}\\b`);
  const listed = new RegExp(`export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`);
  return declared.test(source) || listed.test(source) ? name : undefined;
}

/** The module a job is importing, seen by the code that module runs at its top level (and only by it). */
const importing = new AsyncLocalStorage<string>();

/**
 * Imports what a ModuleRef names. Only `file:` URLs: a `data:`, `http:` or `node:` URL in a spec would run
 * code that no module file of the project holds.
 */
export async function importRef<T>(ref: ModuleRef): Promise<T> {
  if (!ref.moduleUrl.startsWith("file:"))
    throw new LocateError(
      `refusing to import ${JSON.stringify(ref.moduleUrl.slice(0, 80))}: a job imports only file: URLs of module files (export "${ref.exportName}")`,
    );
  // Only a worker imports a user's module to find its class, so only a worker marks the import: once run,
  // an AsyncLocalStorage turns on promise hooks for the whole process, which tripled the cost of an
  // in-process RAM hit (0.16 -> 0.45 us) after the first in-process job (which imports its handler here).
  const load = (): Promise<unknown> => import(ref.moduleUrl);
  const moduleExports = (
    process.env.EXCA_WORKER === "1" ? await importing.run(ref.moduleUrl, load) : await load()
  ) as Record<string, unknown>;
  if (!(ref.exportName in moduleExports)) {
    throw new LocateError(
      `${ref.moduleUrl} has no export "${ref.exportName}" (was it renamed since the job started?)`,
    );
  }
  return moduleExports[ref.exportName] as T;
}

/**
 * Throws when called by the top-level code of a module that a job is importing to find its class: a
 * script that runs exca work without an `isMain` guard would otherwise run its main code again in every
 * worker (recursing, or waiting for itself). `what` names the call, e.g. `Train.process()`.
 */
export function refuseWhileImporting(what: string): void {
  const moduleUrl = importing.getStore();
  if (moduleUrl === undefined) return;
  const file = moduleUrl.startsWith("file:") ? fileURLToPath(moduleUrl) : moduleUrl;
  throw new LocateError(
    `${what} was called by the top-level code of ${file} while a job imported that module to find its class: ` +
      "its main code would run again inside every worker. Guard the main code with " +
      '`if (isMain(import.meta.url)) { ... }` (isMain from "exca"), or move the class to a module of its own.',
  );
}

import { existsSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { flatten, getLogger, parseYaml, simplify, toYaml } from "@exca/config";
import { CacheError } from "@exca/storage";
import { assertInsideCache, makeFolder, readText, writeAtomic } from "./files.js";
import { UID_FOLDER_ENTRIES, uidFolderPath } from "./uid-folder.js";

const log = getLogger("task");

/** The three views of a config that a uid folder keeps. */
export interface ConfigViews {
  /** Everything, infra included. */
  config: Record<string, unknown>;
  /** The uid config: non-default uid fields. */
  uid: Record<string, unknown>;
  /** Every uid field, defaults included. */
  fullUid: Record<string, unknown>;
}

/** Text of `uid.yaml` / `full-uid.yaml`: sorted, single-key chains as dotted keys. */
export function uidYaml(tree: Record<string, unknown>): string {
  return toYaml(simplify(tree));
}

/** Parses a config file; a corrupted one (not YAML, not a mapping) is removed with a warning. */
function readMapping(path: string, text: string): Record<string, unknown> | undefined {
  try {
    const parsed = parseYaml(text, path);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // handled below
  }
  log.warn(`${path} is corrupted: rewriting it`);
  rmSync(path, { force: true });
  return undefined;
}

/**
 * Checks a uid folder's files against the current config, then writes the missing ones:
 * - `uid.yaml` must match exactly (else the folder holds another config: a uid collision or a change
 *   of serialisation);
 * - `full-uid.yaml` tells whether a class default changed under an unchanged uid;
 * - a corrupted file is rewritten.
 */
export function checkConfigFiles(folder: string, views: ConfigViews, permissions?: number): void {
  // A uid folder is <cache folder>/<method>/<uid>: nothing on that path, nor what exca writes in it,
  // may be a symlink (it could send writes and deletes out of a shared cache).
  assertInsideCache(dirname(dirname(folder)), folder, UID_FOLDER_ENTRIES);
  const uidPath = uidFolderPath(folder, "uid");
  const fullPath = uidFolderPath(folder, "fullUid");
  const uidText = uidYaml(views.uid);
  const fullText = uidYaml(views.fullUid);
  const existingUid = readText(uidPath);
  const existingFull = readText(fullPath);
  let writeUid = existingUid === undefined;
  if (writeUid) makeFolder(folder, permissions);
  if (existingUid !== undefined && existingUid !== uidText) {
    if (readMapping(uidPath, existingUid) === undefined) writeUid = true;
    else {
      throw new CacheError(
        `inconsistent uid config in ${uidPath}: the folder holds another config (or the file was damaged: ` +
          `remove it and it is rewritten).\n--- on disk ---\n${existingUid}--- current ---\n${uidText}`,
        { kind: "foreign", file: uidPath },
      );
    }
  }
  let writeFull = existingFull === undefined;
  if (existingFull !== undefined && existingFull !== fullText) {
    const old = readMapping(fullPath, existingFull);
    if (old === undefined) writeFull = true;
    else checkDefaults(fullPath, old, views);
  }
  if (writeUid) writeAtomic(uidPath, uidText, permissions);
  if (writeFull) writeAtomic(fullPath, fullText, permissions);
  const configPath = uidFolderPath(folder, "config");
  if (writeFull || !existsSync(configPath)) writeAtomic(configPath, toYaml(views.config), permissions);
}

/** A value left out of the uid (equal to its default) must have the default it had when the cache was made. */
function checkDefaults(path: string, old: Record<string, unknown>, views: ConfigViews): void {
  const current = flatten(parseYaml(uidYaml(views.fullUid)) as Record<string, unknown>);
  const inUid = flatten(parseYaml(uidYaml(views.uid)) as Record<string, unknown>);
  for (const [key, was] of Object.entries(flatten(old))) {
    if (key in inUid || !(key in current)) continue;
    if (JSON.stringify(current[key]) !== JSON.stringify(was)) {
      throw new CacheError(
        `default ${JSON.stringify(current[key])} for ${key} seems incompatible with the cache (was ${JSON.stringify(was)}); ` +
          `bump the infra version, or remove ${path} to ignore`,
        { kind: "foreign", file: path },
      );
    }
  }
}

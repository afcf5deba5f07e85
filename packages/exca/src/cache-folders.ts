import { lstatSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { getLogger } from "@exca/config";
import { getExecutor, readTail } from "@exca/executors";
import {
  CODE_FOLDER,
  claimedJob,
  type JobFile,
  parseJobFile,
  removeTree,
  UID_FOLDER,
  UID_FOLDER_IDENTITY,
  uidFolderPath,
} from "@exca/infra";
import { CacheDict } from "@exca/storage";

const log = getLogger("cli");

/** What the CLI reports about one uid folder. */
export interface FolderInfo {
  path: string;
  /** `<module>.<Class>.<method>` (`<Class>.<method>` in folders of the former layout) */
  method: string;
  version: string;
  uid: string;
  kind: "task" | "map";
  status: "completed" | "failed" | "running" | "not submitted";
  /** Number of cached items (maps). */
  items?: number;
  bytes: number;
  modified: string;
  jobId?: string;
  executor?: string;
}

/** Every uid folder below `root` (a folder holding a uid config file). */
export function findUidFolders(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, depth: number): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((entry) => entry.isFile() && entry.name === UID_FOLDER.uid)) {
      found.push(folder);
      return;
    }
    if (depth > 6) return;
    for (const entry of entries)
      if (entry.isDirectory() && entry.name !== UID_FOLDER.logs && entry.name !== CODE_FOLDER)
        walk(join(folder, entry.name), depth + 1);
  };
  walk(root, 0);
  return found.sort();
}

function usage(folder: string): { bytes: number; modified: number } {
  let bytes = 0;
  let modified = 0;
  const walk = (path: string): void => {
    // lstat: a symlink counts as itself, so a loop or a link to /usr does not break the listing.
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    modified = Math.max(modified, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else bytes += stat.size;
  };
  walk(folder);
  return { bytes, modified };
}

/** The most the CLI reads of a small file of a uid folder (the job record, the YAML files). */
export const SMALL_FILE_BYTES: number = 1 << 20;

/** Reads a uid folder's job file, if any (a FIFO or a device in its place reads as none). */
export function readJobFile(folder: string): JobFile | undefined {
  try {
    return parseJobFile(readTail(uidFolderPath(folder, "job"), SMALL_FILE_BYTES));
  } catch {
    return undefined; // unreadable: not a regular file, or gone meanwhile
  }
}

/**
 * The live job of a uid folder's job file: still running? (asks its executor; the file's mtime is the
 * claimer's heartbeat, as for tasks).
 */
export async function jobRunning(file: JobFile, folder: string): Promise<boolean> {
  const { executor: name, record } = claimedJob(folder, file);
  let executor: ReturnType<typeof getExecutor>;
  try {
    executor = getExecutor(name);
  } catch {
    log.warn(
      `job ${record.jobId} ran on executor "${record.executor}", which this CLI does not know: ` +
        "list the package that registers it in EXCA_EXECUTORS (e.g. EXCA_EXECUTORS=my-executor exca ls ...)",
    );
    return false;
  }
  try {
    return !(await executor.reattach(record).done());
  } catch {
    return false;
  }
}

/** Describes one uid folder: kind, status, items, size, last change. */
export async function describeFolder(folder: string): Promise<FolderInfo> {
  const methodFolder = basename(dirname(folder));
  const comma = methodFolder.lastIndexOf(",");
  const method = comma < 0 ? methodFolder : methodFolder.slice(0, comma);
  const version = comma < 0 ? "" : methodFolder.slice(comma + 1);
  const isTask =
    statSync(uidFolderPath(folder, "result"), { throwIfNoEntry: false }) !== undefined ||
    readJobFile(folder) !== undefined;
  const { bytes, modified } = usage(folder);
  const info: FolderInfo = {
    path: folder,
    method,
    version,
    uid: basename(folder),
    kind: isTask ? "task" : "map",
    status: "not submitted",
    bytes,
    modified: new Date(modified).toISOString(),
  };
  if (!isTask) {
    const store = new CacheDict({ folder });
    info.items = store.size;
    info.status = info.items > 0 ? "completed" : "not submitted";
    return info;
  }
  const result = new CacheDict({ folder: uidFolderPath(folder, "result") });
  const job = readJobFile(folder);
  info.executor = job?.record?.executor ?? job?.executor;
  info.jobId = job?.record?.jobId;
  if (result.has("value")) info.status = "completed";
  else if (result.has("error")) info.status = "failed";
  else if (job !== undefined) info.status = (await jobRunning(job, folder)) ? "running" : "failed";
  return info;
}

/**
 * Removes what a uid folder caches (results, job, logs, the config), keeping its uid config views.
 * Returns what it had to leave: other users' files it may not remove (their job logs, in a shared cache).
 */
export function clearFolder(folder: string): string[] {
  const kept: string[] = [];
  for (const name of readdirSync(folder)) {
    if (UID_FOLDER_IDENTITY.includes(name)) continue;
    kept.push(...removeTree(join(folder, name)));
  }
  return kept;
}

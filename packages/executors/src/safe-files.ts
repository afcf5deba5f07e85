// The one place that creates files and folders with a given mode despite the umask (infra, executors and
// Slurm call it). Files that other members of a shared cache folder must not be able to redirect or
// rewrite: job specs, pid files, job records, logs, cache files. A planted symlink or an existing name makes
// the creation fail (O_EXCL and O_NOFOLLOW), and the mode is applied by fchmod, so the umask cannot widen or
// narrow it.
import {
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";
import { randomHex, setFolderMode } from "@exca/config";

const CREATE_NEW = constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * The mode of a file that only its owner may change: `permissions` without the group's and others' write
 * and execute bits (e.g. 0o770 gives 0o640), so that colleagues read it but cannot rewrite it.
 * Undefined `permissions`: 0o644, narrowed by the umask.
 */
export function ownerWritableMode(permissions: number | undefined): number {
  return permissions === undefined ? 0o644 : permissions & 0o644;
}

/**
 * Opens a new file for writing (appending with `append`): fails with EEXIST when the name exists, as a
 * symlink too, so that a link planted by someone else never redirects what we write. `mode` is applied
 * whatever the umask when `exact` is true.
 */
export function openNew(
  path: string,
  mode: number,
  options: { append?: boolean; exact?: boolean } = {},
): number {
  const flags = CREATE_NEW | constants.O_WRONLY | (options.append === true ? constants.O_APPEND : 0);
  const fd = openSync(path, flags, mode);
  try {
    if (options.exact === true) fchmodSync(fd, mode);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/**
 * Writes `content` to a new file of random name next to `path` (created exclusively, so that nobody can
 * plant it; `exact`: with `mode` despite the umask) and returns its name; removes it when the write fails.
 * The caller publishes it (rename, link) and removes it if that fails.
 */
export function writeTempFile(
  path: string,
  content: string | Uint8Array,
  mode: number,
  exact: boolean,
): string {
  const tmp = `${path}.${randomHex(6)}.tmp`;
  const fd = openNew(tmp, mode, { exact });
  try {
    writeFileSync(fd, content); // loops until all is written, unlike writeSync
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  return tmp;
}

/**
 * Writes `content` to `path` atomically through a new temp file of random name (created exclusively, so
 * that nobody can plant it), then renames it over `path`. `exact`: apply `mode` despite the umask.
 */
export function writeNewAtomic(
  path: string,
  content: string | Uint8Array,
  mode: number,
  exact: boolean,
): void {
  const tmp = writeTempFile(path, content, mode, exact);
  try {
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Options of {@link makeFolderWithMode}. */
export interface MakeFolderOptions {
  /** Apply `mode` to every folder created despite the umask (keeping an inherited setgid bit). @default mode !== undefined */
  exact?: boolean;
  /** Create missing parents too, and accept an existing folder; false: fail with EEXIST when it exists. @default true */
  recursive?: boolean;
}

/**
 * Creates the folder `path` with `mode` (undefined: mkdir's default, 0o777 narrowed by the umask) and
 * returns the first folder it created (undefined when it existed). mkdir's mode is masked by the umask, so
 * with `exact` each created folder is chmod-ed to `mode`: a shared cache's 0o770 stays 0o770 under umask 077.
 */
export function makeFolderWithMode(
  path: string,
  mode: number | undefined,
  options: MakeFolderOptions = {},
): string | undefined {
  let first: string | undefined = path;
  if (options.recursive ?? true) first = mkdirSync(path, { recursive: true, mode });
  else mkdirSync(path, { mode });
  if (mode === undefined || first === undefined || !(options.exact ?? true)) return first;
  for (let current = path; ; current = dirname(current)) {
    setFolderMode(current, mode);
    if (current === first) break;
  }
  return first;
}

/** Error raised when a file another user could have written is about to be trusted. */
export class UntrustedFileError extends Error {
  override name = "UntrustedFileError";
}

/**
 * Checks that `path` is a regular file (not a symlink) owned by the current user and writable by nobody
 * else: only then may its content decide which process to signal or which job to cancel. Throws an
 * {@link UntrustedFileError} naming the file otherwise.
 */
export function assertOwnFile(path: string, purpose: string): void {
  const why = untrustedBecause(path, "file");
  if (why !== undefined) throw untrusted(path, why, purpose);
}

/**
 * Checks `file` and every folder from it up to `root` (a code copy made for a job in a shared folder): each
 * must be the current user's, not a symlink, and writable by nobody else, so that nobody else could have
 * changed or swapped them. Does nothing when `file` is not inside `root`.
 */
export function assertOwnTree(root: string, file: string, purpose: string): void {
  const inside = relative(root, file);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return;
  for (let path = file; ; path = dirname(path)) {
    const why = untrustedBecause(path, path === file ? "file" : "folder");
    if (why !== undefined) throw untrusted(path, why, purpose);
    if (path === root || path === dirname(path)) return;
  }
}

function untrusted(path: string, why: string, purpose: string): UntrustedFileError {
  return new UntrustedFileError(
    `refusing to ${purpose}: ${path} cannot be trusted because ${why}. ` +
      "Only files you wrote, and only you can write, decide what runs or what is signalled; remove it if it is not yours.",
  );
}

/** Why `path` may hold someone else's content (undefined: it is ours alone). */
function untrustedBecause(path: string, kind: "file" | "folder"): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined; // no uids on this platform (Windows): nothing to compare
  try {
    const stat = lstatSync(path);
    if (kind === "file" ? !stat.isFile() : !stat.isDirectory()) return `it is not a ${kind} (or a symlink)`;
    if (stat.uid !== uid) return `it belongs to uid ${stat.uid}, not to you (uid ${uid})`;
    if ((stat.mode & 0o022) !== 0) return `others may write it (mode ${(stat.mode & 0o777).toString(8)})`;
    return undefined;
  } catch (error) {
    return `it cannot be read (${(error as Error).message})`;
  }
}

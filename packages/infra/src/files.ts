// Small files are read and written with synchronous calls: a few microseconds each, where a round trip
// through libuv's thread pool costs tens (and a task touches about ten small files).
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { makeFolderWithMode, writeTempFile } from "@exca/executors";
import { CacheError, refuseVirtualFolder } from "@exca/storage";

/**
 * Creates a folder (and its parents), applying `permissions` to what it creates when given. A failure is a
 * CacheError naming the folder and the real cause (a recursive mkdir reports a read-only file system as ENOENT).
 */
export function makeFolder(path: string, permissions: number | undefined): void {
  refuseVirtualFolder(path);
  try {
    makeFolderWithMode(path, permissions);
  } catch (error) {
    throw writeFailure(realCause(path, error), path);
  }
}

/** Why a folder could not be created: the nearest existing parent's refusal to be written, if any. */
function realCause(path: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") return error;
  for (let parent = dirname(path); parent !== dirname(parent); parent = dirname(parent)) {
    if (!existsSync(parent)) continue;
    try {
      accessSync(parent, constants.W_OK);
    } catch (refused) {
      return refused;
    }
    break;
  }
  return error;
}

/**
 * A system error met while writing `path` (disk full, read-only file system...) as a CacheError naming
 * it, with the original as `cause`; other errors are returned unchanged.
 */
export function writeFailure(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof CacheError || typeof code !== "string") return error;
  return new CacheError(`cannot write ${path}: ${(error as Error).message}`, { file: path, cause: error });
}

/**
 * Writes `content` to a new temporary file next to `path`, then hands it to `publish`, which leaves no
 * temp file behind when it succeeds (without an extra stat per file); after a failure it is removed here.
 */
function viaTempFile<T>(
  path: string,
  content: string | Uint8Array,
  permissions: number | undefined,
  publish: (tmp: string) => T,
): T {
  let tmp: string | undefined;
  try {
    // A fresh file (never a name planted in a shared folder, nor a symlink's target).
    const mode = permissions === undefined ? 0o666 : permissions & 0o666;
    tmp = writeTempFile(path, content, mode, permissions !== undefined);
    return publish(tmp);
  } catch (error) {
    if (tmp !== undefined) rmSync(tmp, { force: true });
    throw writeFailure(error, path);
  }
}

/** Writes a file atomically (temp file, then rename): readers see the old content or the new, never a part. */
export function writeAtomic(path: string, content: string | Uint8Array, permissions?: number): void {
  viaTempFile(path, content, permissions, (tmp) => renameSync(tmp, path));
}

/**
 * Creates a file with its whole content at once, unless it exists (temp file, then a hard link, which
 * fails when the name is taken): readers never see it empty or partial. Returns false when it existed.
 */
export function createExclusive(path: string, content: string, permissions?: number): boolean {
  return viaTempFile(path, content, permissions, (tmp) => {
    let created = true;
    try {
      linkSync(tmp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      created = false;
    }
    unlinkSync(tmp);
    return created;
  });
}

const SMALL_FILE_BYTES = 64 << 10;
const smallFileBuffer = Buffer.allocUnsafe(SMALL_FILE_BYTES);

/**
 * A file's text, or undefined when it cannot be read. Small files (config YAML, job records) take one
 * read (a short read of a regular file is its end), where readFileSync reads again to see the end.
 */
export function readText(path: string): string | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted in place of a YAML or job file must not block the read forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const length = readSync(fd, smallFileBuffer, 0, SMALL_FILE_BYTES, 0);
    if (length < SMALL_FILE_BYTES) return smallFileBuffer.toString("utf8", 0, length);
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Throws a CacheError unless `path` (when it exists) and `children` of it are reached from `root` without
 * any symlink: in a shared cache, a link planted by another user would make writes and deletes land
 * outside the cache (on a `config.yaml` or `logs/` of the victim's own elsewhere).
 */
export function assertInsideCache(root: string, path: string, children: readonly string[] = []): void {
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    return; // not created yet: makeFolder creates real folders
  }
  const expected = join(realRoot(root), relative(resolve(root), resolve(path)));
  const linked = real !== expected ? path : symlinkAmong(path, children);
  if (linked === undefined) return;
  const where = linked === path ? `${path} resolves to ${real}` : `${join(path, linked)} is a symlink`;
  throw new CacheError(
    `refusing to use ${path}: ${where}, outside the cache folder ${root}${sep}. A link in a shared cache could make exca write or delete elsewhere; remove it (the folder is then recomputed).`,
    { kind: "foreign", file: linked === path ? path : join(path, linked) },
  );
}

const realRoots = new Map<string, string>();

/**
 * The real path of a cache root, resolved once per process: a warm task paid ~15 statx for the two
 * realpaths and the lstats below. Remembering the root only makes the check stricter: a root swapped for a
 * link later no longer matches the uid folder's real path.
 */
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync.native(root);
    realRoots.set(root, real);
  }
  return real;
}

/** The first of `names` that is a symlink in `folder`: one directory read, not an lstat per name. */
function symlinkAmong(folder: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  for (const entry of readdirSync(folder, { withFileTypes: true }))
    if (entry.isSymbolicLink() && names.includes(entry.name)) return entry.name;
  return undefined;
}

/**
 * Removes `path` (recursively), leaving in place what the file system refuses to remove because it is
 * another user's (EACCES/EPERM in a shared cache: a colleague's job logs, writable by their owner only).
 * Returns the paths kept; other errors are thrown.
 */
export function removeTree(path: string): string[] {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return [];
  const kept: string[] = [];
  if (stat.isDirectory()) {
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return [path];
    }
    for (const name of names) kept.push(...removeTree(join(path, name)));
  }
  if (kept.length > 0) return kept;
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (error) {
    if (!isRefusal(error)) throw error;
    return [path];
  }
  return [];
}

function isRefusal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EACCES" || code === "EPERM";
}

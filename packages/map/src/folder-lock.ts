// A short cross-process lock: a folder holding an `owner` file, made in a temporary folder and renamed into
// place (so a lock never exists without its owner, even when its taker is killed), so that waiters break
// the lock of a process that died holding it at once (and any other stale lock after STALE_LOCK_MS).
import { chmodSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { getLogger } from "@exca/config";
import { readText, writeAtomic } from "@exca/infra";
import { ownerGone, parseOwner, selfOwner } from "./owner.js";

const log = getLogger("map");
/** A lock without a readable owner that is older than this is from a process that died while taking it. */
const STALE_LOCK_MS = 10_000;

/** Errors of a rename onto a lock that exists (a folder with its owner, or anything else). */
const TAKEN = new Set(["EEXIST", "ENOTEMPTY", "ENOTDIR", "EISDIR"]);

const aside = (lock: string): string => `${lock}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;

/** Takes the lock; false when another process holds it. */
function take(lock: string, permissions: number | undefined): boolean {
  const tmp = aside(lock);
  mkdirSync(tmp, { mode: permissions });
  try {
    if (permissions !== undefined) chmodSync(tmp, permissions); // mkdir's mode is masked by the umask
    writeAtomic(join(tmp, "owner"), JSON.stringify(selfOwner()), permissions);
    renameSync(tmp, lock);
    return true;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (TAKEN.has((error as NodeJS.ErrnoException).code ?? "")) return false;
    throw error;
  }
}

/** Removes a lock: renamed away first, so that a lock taken meanwhile by another process is never touched. */
function remove(lock: string): void {
  const gone = aside(lock);
  try {
    renameSync(lock, gone);
  } catch {
    return; // already removed
  }
  rmSync(gone, { recursive: true, force: true });
}

function isStale(lock: string): boolean {
  const text = readText(join(lock, "owner"));
  const owner = text === undefined ? undefined : parseOwner(text);
  // The lock folder's mtime is its taker's heartbeat: a lock is held for milliseconds, never refreshed.
  const mtimeMs = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
  if (owner !== undefined) {
    if (!ownerGone(owner, mtimeMs, STALE_LOCK_MS)) return false;
    log.warn(`breaking the lock ${lock} of process ${owner.pid} on ${owner.host}, which is gone`);
    return true;
  }
  const age = Date.now() - (mtimeMs ?? Date.now());
  if (Math.abs(age) <= STALE_LOCK_MS) return false; // from the future: not believable for long either
  log.warn(`breaking the lock ${lock}: no live owner for ${Math.round(age / 1000)} s`);
  return true;
}

/** Runs `fn` holding the lock `lock` (a folder path), waiting for other holders. */
export async function withFolderLock<T>(
  lock: string,
  permissions: number | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; !take(lock, permissions); attempt++) {
    if (isStale(lock)) remove(lock);
    else await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 20)));
  }
  try {
    return await fn();
  } finally {
    remove(lock);
  }
}

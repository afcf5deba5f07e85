// Small files are read and written with synchronous calls: a few microseconds each, where a round trip
// through libuv's thread pool costs tens (and a task touches about ten small files).
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Creates a folder (and its parents), applying `permissions` to what it creates when given. */
export function makeFolder(path: string, permissions: number | undefined): void {
  const first = mkdirSync(path, { recursive: true, mode: permissions });
  if (permissions === undefined || first === undefined) return;
  // mkdir's mode is masked by the umask: chmod every folder it created.
  let current = path;
  for (;;) {
    chmodSync(current, permissions);
    if (current === first) break;
    current = dirname(current);
  }
}

/** Writes a file atomically (temp file, then rename): readers see the old content or the new, never a part. */
export function writeAtomic(path: string, content: string | Uint8Array, permissions?: number): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, content, permissions === undefined ? undefined : { mode: permissions & 0o666 });
  if (permissions !== undefined) chmodSync(tmp, permissions & 0o666);
  renameSync(tmp, path);
}

/** A file's text, or undefined when it cannot be read. */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The most of a log that `Job.stdout()`/`stderr()` return: its last 8 MiB. */
export const LOG_READ_BYTES: number = 8 << 20;

/**
 * The last `maxBytes` of a regular file as text, prefixed with a line saying how much was left out; ""
 * when it is missing or not a regular file. Never follows a symlink, never blocks on a FIFO (O_NONBLOCK),
 * never reads a device whole: a log path comes from a job record that others may have written.
 */
export function readTail(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return "";
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return "";
    const length = Math.min(stat.size, maxBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, stat.size - length + read);
      if (n === 0) break;
      read += n;
    }
    const skipped = stat.size - length;
    const text = buffer.toString("utf8", 0, read);
    return skipped > 0 ? `[... ${skipped} earlier bytes not shown]\n${text}` : text;
  } catch {
    return "";
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a log file, at most its last {@link LOG_READ_BYTES} (with a line saying what was left out); "" when
 * there is none, or when it is not a regular file.
 */
export async function readLog(path: string | undefined): Promise<string> {
  return path === undefined ? "" : readTail(path, LOG_READ_BYTES);
}

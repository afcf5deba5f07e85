import { readFileSync } from "node:fs";

/** The start time of a process (jiffies since boot, from /proc), to tell a pid from a reused one. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

/** True while the process exists (and, when `startTime` is given, is the same process, not a reused pid). */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (startTime === undefined) return true;
  const current = processStartTime(pid);
  return current === undefined || current === startTime;
}

/** Sends a signal to a process group (detached children lead their own), falling back to the process. */
export function signalTree(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

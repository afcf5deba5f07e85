import { readFileSync } from "node:fs";

/** State letter and start time (jiffies since boot) of a process, from /proc; undefined when unreadable. */
function procStat(pid: number): { state: string; start: string | undefined } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", start: fields[19] };
  } catch {
    return undefined;
  }
}

/** The start time of a process (jiffies since boot, from /proc), to tell a pid from a reused one. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.start;
}

/**
 * True while the process exists (and, when `startTime` is given, is the same process, not a reused pid).
 * A zombie (exited, not reaped yet: orphans wait for an init that may reap late) counts as gone.
 */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(pid);
  if (stat === undefined) return true;
  if (stat.state === "Z" || stat.state === "X") return false;
  return startTime === undefined || stat.start === startTime;
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

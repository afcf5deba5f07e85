// One liveness policy for everything that holds a uid folder's work (task claims in job.json, map claims
// and locks, jobs found again from their record): on this host, a process is alive while its pid lives
// with the recorded start time; anywhere else, or when the start time is unknown, the holder is alive
// while its heartbeat (a file's mtime that it refreshes) is recent. A heartbeat from the future counts as
// recent only within the window, so that a crafted or skewed clock cannot hold work forever.
import { HOST } from "./job-id.js";
import { isProcessAlive } from "./pid.js";

/** How often holders refresh their heartbeat. */
export const HEARTBEAT_MS = 60_000;
/** A heartbeat older (or further in the future) than this is from a holder that died. */
export const STALE_AFTER_MS: number = 10 * 60_000;

/** Who holds a claim, a lock or a job. */
export interface Holder {
  pid: number;
  /** Start time of the process (from /proc), "" or undefined when unknown. */
  pidStart?: string | undefined;
  /** Short host name. */
  host: string;
}

/**
 * True while `holder` is alive by the policy above. `heartbeatMs`: the time of its last heartbeat
 * (undefined: none, so only a process of this host with a known start time can be alive).
 */
export function holderAlive(
  holder: Holder,
  heartbeatMs: number | undefined,
  staleAfterMs: number = STALE_AFTER_MS,
  now: number = Date.now(),
): boolean {
  const start = holder.pidStart === "" ? undefined : holder.pidStart;
  if (holder.host === HOST) {
    if (!(holder.pid > 1) || !isProcessAlive(holder.pid, start)) return false;
    if (start !== undefined) return true;
  }
  return heartbeatMs !== undefined && Math.abs(now - heartbeatMs) < staleAfterMs;
}

import { hostname } from "node:os";
import { holderAlive, processStartTime } from "@exca/executors";

/** Short host name, as recorded in claims and locks. */
export const HOST = hostname().split(".")[0] ?? "localhost";

/** The process that holds a claim or a lock. */
export interface Owner {
  pid: number;
  /** Start time of the process, to tell it from a later process reusing its pid ("" when unknown). */
  pidStart: string;
  host: string;
}

let self: Owner | undefined;

/** This process, as an owner. */
export function selfOwner(): Owner {
  self ??= { pid: process.pid, pidStart: processStartTime(process.pid) ?? "", host: HOST };
  return self;
}

/** An owner written as JSON, or undefined when the text is not one (corrupted, another format). */
export function parseOwner(text: string): Owner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<Owner> | null;
    return typeof owner?.pid === "number" && typeof owner.host === "string" ? (owner as Owner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the owner is gone by the one liveness policy of @exca/executors (`holderAlive`): its pid and
 * start time on this host, else its heartbeat `heartbeatMs`, stale after `staleAfterMs`.
 */
export function ownerGone(owner: Owner, heartbeatMs: number | undefined, staleAfterMs: number): boolean {
  return !holderAlive(owner, heartbeatMs, staleAfterMs);
}

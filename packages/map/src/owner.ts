import { hostname } from "node:os";
import { isProcessAlive, processStartTime } from "@exca/executors";

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

/** True when the owner is a process of this host that is gone (another host's processes cannot be checked). */
export function ownerGone(owner: Owner): boolean {
  if (owner.host !== HOST) return false;
  return !isProcessAlive(owner.pid, owner.pidStart === "" ? undefined : owner.pidStart);
}

import { hostname } from "node:os";
import { randomHex } from "@exca/config";

/** A job id unique across processes and hosts: time, then random bits. */
export function newJobId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}-${randomHex(4)}`;
}

/** This machine's short host name, as job records store it. */
export const HOST: string = hostname().split(".")[0] ?? "localhost";

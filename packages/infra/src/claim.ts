import { lstatSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { getLogger } from "@exca/config";
import { type JobRecord, ownerWritableMode, processStartTime } from "@exca/executors";
import { createExclusive, readText, writeAtomic } from "./files.js";
import { uidFolderPath } from "./uid-folder.js";

const log = getLogger("task");

/** `job.json`: who claimed the computation of a uid folder, and the job that runs it once submitted. */
export interface JobFile {
  /** The cluster name the job runs on. */
  executor: string;
  claimedAt: string;
  owner: { pid: number; pidStart: string; host: string };
  record?: JobRecord;
}

/** Path of the job file of a uid folder. */
export function jobFilePath(uidFolder: string): string {
  return uidFolderPath(uidFolder, "job");
}

let self: JobFile["owner"] | undefined;

function claimContent(executor: string): JobFile {
  self ??= {
    pid: process.pid,
    pidStart: processStartTime(process.pid) ?? "",
    host: hostname().split(".")[0] ?? "localhost",
  };
  return { executor, claimedAt: new Date().toISOString(), owner: self };
}

/**
 * Claims the computation of a uid folder by creating its job file exclusively: of several processes
 * racing for one task, exactly one gets it. Returns the claim, or undefined when another one holds it.
 */
export function tryClaim(
  uidFolder: string,
  executor: string,
  permissions: number | undefined,
): JobFile | undefined {
  const content = claimContent(executor);
  // Created whole (never empty nor partial, even when this process is killed meanwhile).
  // Writable by this user only: its content decides which process `clear` signals.
  const mode = ownerWritableMode(permissions);
  return createExclusive(jobFilePath(uidFolder), JSON.stringify(content), mode) ? content : undefined;
}

/** Adds the submitted job's record to a claim (atomic rewrite). */
export function recordJob(uidFolder: string, claim: JobFile, record: JobRecord, permissions?: number): void {
  writeAtomic(jobFilePath(uidFolder), JSON.stringify({ ...claim, record }), ownerWritableMode(permissions));
}

/**
 * Reads the job file; a file that cannot be parsed (torn or corrupted) is removed with a warning, so
 * that the task counts as not submitted and gets recomputed.
 */
export function readJobFile(uidFolder: string): JobFile | undefined {
  const path = jobFilePath(uidFolder);
  const text = readText(path);
  if (text === undefined) {
    // Not a regular file (a FIFO, a folder): nothing exca wrote; removed so that the task can be claimed.
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (stat === undefined || stat.isFile()) return undefined;
    log.warn(`removing ${path}: not a regular file`);
    rmSync(path, { recursive: true, force: true });
    return undefined;
  }
  const parsed = parseJobFile(text);
  if (parsed !== undefined) return parsed;
  log.warn(`removing corrupted job file ${path}`);
  rmSync(path, { force: true });
  return undefined;
}

/** True when a parsed JSON value has the shape of a job file (what `exca verify` checks too). */
export function isJobFile(value: unknown): value is JobFile {
  const file = value as Partial<JobFile> | null;
  return typeof file?.executor === "string" && typeof file.owner?.pid === "number";
}

/** Parses a job file's text: undefined when it is not one (torn, corrupted, another format). */
export function parseJobFile(text: string): JobFile | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJobFile(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The job a job file stands for, to reattach to: its submitted job, or, while only claimed, the claiming
 * process, which the local executor watches. The file's mtime is the claimer's heartbeat (the claimer
 * touches it): how a claim of another host, or one without a start time, expires.
 */
export function claimedJob(uidFolder: string, file: JobFile): { executor: string; record: JobRecord } {
  const record = file.record ?? {
    executor: file.executor,
    jobId: `claim-${file.owner.pid}`,
    host: file.owner.host,
    submittedAt: file.claimedAt,
    detail: { ownerPid: file.owner.pid, ownerPidStart: file.owner.pidStart ?? "" },
  };
  return {
    executor: file.record === undefined ? "local" : file.executor,
    record: { ...record, detail: { ...record.detail, heartbeatFile: jobFilePath(uidFolder) } },
  };
}

/** Removes the job file if it still holds `file` (not a claim another process made since). */
export function removeJobFileIf(uidFolder: string, file: JobFile): void {
  const current = readJobFile(uidFolder);
  if (current !== undefined && JSON.stringify(current) === JSON.stringify(file)) removeJobFile(uidFolder);
}

/** Removes the job file. */
export function removeJobFile(uidFolder: string): void {
  rmSync(jobFilePath(uidFolder), { force: true });
}

import { lstatSync } from "node:fs";
import { HOST } from "./job-id.js";
import { holderAlive } from "./liveness.js";
import { signalTree } from "./pid.js";
import { readTail } from "./read-tail.js";
import { RecordedJob } from "./recorded-job.js";
import { assertOwnFile, UntrustedFileError } from "./safe-files.js";
import type { Job, JobOutcome, JobRecord, JobState } from "./types.js";

const POLL_MS = 100;

/**
 * A job found again from its record, run by a process that is not our child: its state comes from
 * whether that process still lives (pid plus start time, so a reused pid is not mistaken for it).
 * How it ended is unknown here, so a finished one reports `failed` with a message; callers that
 * find a result on disk know better.
 */
class WatchedPidJob extends RecordedJob {
  readonly #record: JobRecord;
  readonly #pidKey: string;

  constructor(record: JobRecord, pidKey: string) {
    super(record);
    this.#record = record;
    this.#pidKey = pidKey;
  }

  /** The process to watch: the job's own, else (not started yet) the process that submitted it. */
  #target(): { pid: number; start: string | undefined } | undefined {
    const detail = this.#record.detail ?? {};
    let pid = Number(detail[this.#pidKey]);
    let start = detail[`${this.#pidKey}Start`];
    if (!(pid > 0) && typeof detail.pidFile === "string") {
      try {
        const written = JSON.parse(readTail(detail.pidFile, 4096)) as {
          pid: number;
          pidStart?: string;
        };
        pid = written.pid;
        start = written.pidStart;
      } catch {
        pid = Number(detail.ownerPid);
        start = detail.ownerPidStart;
      }
    }
    if (!(pid > 0)) return undefined;
    return { pid, start: start === undefined || start === "" ? undefined : String(start) };
  }

  /**
   * Alive by the liveness policy (see liveness.ts), with the mtime of `detail.heartbeatFile` as heartbeat.
   * Without a heartbeat file, a job of another host cannot be checked from here and counts as alive.
   */
  #alive(): boolean {
    const file = this.#record.detail?.heartbeatFile;
    const { host } = this.#record;
    if (host !== HOST && typeof file !== "string") return true;
    const target = this.#target();
    // A job of this very process that is not live any more has ended.
    if (host === HOST && (target === undefined || target.pid === process.pid)) return false;
    const heartbeat =
      typeof file === "string" ? lstatSync(file, { throwIfNoEntry: false })?.mtimeMs : undefined;
    return holderAlive({ pid: target?.pid ?? 0, pidStart: target?.start, host }, heartbeat);
  }

  async state(): Promise<JobState> {
    return this.#alive() ? "running" : "failed";
  }

  async wait(): Promise<JobOutcome> {
    while (this.#alive()) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    return {
      state: "failed",
      message: `process ${this.#target()?.pid ?? "?"} on ${this.#record.host} is gone`,
    };
  }

  /**
   * Signals the job's process group, only when the record names a process of this user that is still the
   * one recorded: pid above 1, start time recorded and matching (a record is data others may have written).
   */
  async cancel(): Promise<void> {
    const detail = this.#record.detail ?? {};
    if (!(Number(detail[this.#pidKey]) > 0) && typeof detail.pidFile === "string")
      assertOwnFile(detail.pidFile, `signal the process named in it (job ${this.jobId})`);
    const target = this.#target();
    if (target === undefined || this.#record.host !== HOST || !this.#alive()) return;
    if (target.pid <= 1 || target.start === undefined)
      throw new UntrustedFileError(
        `refusing to signal pid ${target.pid} for job ${this.jobId}: ${target.pid <= 1 ? "not a job's process" : "its start time is not recorded, so it may be a reused pid"}`,
      );
    signalTree(target.pid, "SIGTERM");
  }
}

/** A job from its record, watched through the pid stored under `pidKey` in its detail. */
export function reattachByPid(record: JobRecord, pidKey: string): Job {
  return new WatchedPidJob(record, pidKey);
}

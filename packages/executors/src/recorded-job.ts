// The part of a Job that every executor writes alike (ours and third parties'), so that an executor's
// job class holds only how its jobs run, end and stop.
import { HOST } from "./job-id.js";
import { readLog } from "./read-tail.js";
import { isEnded, type Job, type JobOutcome, type JobRecord, type JobState } from "./types.js";

/** The record of a job submitted now from this host; `more` adds its log paths and executor detail. */
export function newJobRecord(
  executor: string,
  jobId: string,
  more: Pick<JobRecord, "stdoutPath" | "stderrPath" | "detail"> = {},
): JobRecord {
  return { executor, jobId, host: HOST, submittedAt: new Date().toISOString(), ...more };
}

/**
 * A {@link Job} kept by its {@link JobRecord}, for executor authors: `jobId` and `executor` come from the
 * record, `stdout()`/`stderr()` read the record's log paths ("" without them), `done()` asks `state()`,
 * and `record()` returns a copy to persist. A subclass implements `wait`, `state` and `cancel`, and may
 * add detail to `jobRecord` as it learns it (e.g. a pid once the job is spawned).
 */
export abstract class RecordedJob implements Job {
  readonly jobId: string;
  readonly executor: string;
  /** The record `record()` copies; a subclass may update its `detail`. */
  protected readonly jobRecord: JobRecord;

  constructor(record: JobRecord) {
    this.jobId = record.jobId;
    this.executor = record.executor;
    this.jobRecord = record;
  }

  abstract wait(): Promise<JobOutcome>;
  abstract state(): Promise<JobState>;
  abstract cancel(): Promise<void>;

  async done(): Promise<boolean> {
    return isEnded(await this.state());
  }

  stdout(): Promise<string> {
    return readLog(this.jobRecord.stdoutPath);
  }

  stderr(): Promise<string> {
    return readLog(this.jobRecord.stderrPath);
  }

  record(): JobRecord {
    const { detail } = this.jobRecord;
    return detail === undefined ? { ...this.jobRecord } : { ...this.jobRecord, detail: { ...detail } };
  }
}

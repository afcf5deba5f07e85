import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempFolders } from "@exca/test-utils";
import { HOST } from "./job-id.js";
import { newJobRecord, RecordedJob } from "./recorded-job.js";
import type { JobOutcome, JobRecord, JobState } from "./types.js";

/** A job whose state the test sets: only what a subclass must write. */
class SetJob extends RecordedJob {
  current: JobState = "running";
  async wait(): Promise<JobOutcome> {
    return { state: "completed" };
  }
  async state(): Promise<JobState> {
    return this.current;
  }
  async cancel(): Promise<void> {
    this.current = "cancelled";
  }
  addDetail(key: string, value: number): void {
    this.jobRecord.detail = { ...this.jobRecord.detail, [key]: value };
  }
}

describe("RecordedJob", () => {
  const folders = tempFolders("recorded-job");

  it("takes its id and executor from the record, and newJobRecord stamps this host and the time", () => {
    const before = Date.now();
    const record = newJobRecord("mine", "j1", { detail: { ownerPid: 42 } });
    assert.equal(record.host, HOST);
    assert.ok(Date.parse(record.submittedAt) >= before - 1000);
    const job = new SetJob(record);
    assert.equal(job.jobId, "j1");
    assert.equal(job.executor, "mine");
  });

  it("answers done() from state()", async () => {
    const job = new SetJob(newJobRecord("mine", "j2"));
    assert.equal(await job.done(), false);
    await job.cancel();
    assert.equal(await job.done(), true);
  });

  it("reads its logs from the record's paths, and '' without them", async () => {
    const folder = await folders.made();
    const stdoutPath = join(folder, "j3.out");
    writeFileSync(stdoutPath, "printed\n");
    const job = new SetJob(newJobRecord("mine", "j3", { stdoutPath, stderrPath: join(folder, "missing") }));
    assert.equal(await job.stdout(), "printed\n");
    assert.equal(await job.stderr(), "");
    assert.equal(await new SetJob(newJobRecord("mine", "j4")).stdout(), "");
  });

  it("returns a copy of its record, with the detail a subclass added", () => {
    const job = new SetJob(newJobRecord("mine", "j5", { detail: { ownerPid: 1 } }));
    const copy: JobRecord = job.record();
    copy.detail!.ownerPid = 99;
    copy.jobId = "changed";
    job.addDetail("pid", 7);
    assert.deepEqual(job.record().detail, { ownerPid: 1, pid: 7 });
    assert.equal(job.record().jobId, "j5");
  });
});

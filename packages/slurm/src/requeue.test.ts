// A job requeued mid-run (`scontrol requeue`): Slurm kills the running batch script, shows the job
// REQUEUED, then PENDING (held back ~2 min, reason BeginTime), then runs the script again under the
// same job id. The task must be computed by the second run, never reported failed in between.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { tempFolders } from "@exca/test-utils";
import { needsSlurm, requireSlurm, startNow, useSlurm } from "./test-fixtures/cluster.js";
import {
  assertRanTwiceThenCached,
  assertStaysPending,
  cancel,
  startCounted,
} from "./test-fixtures/requeued.js";

const run = promisify(execFile);

const slurm = useSlurm();

describe("TaskInfra on slurm: a job requeued mid-run", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("slurm-requeue");

  it("stays unfinished while requeued, runs again under the same job id, and completes", async () => {
    const counted = await startCounted(slurm(), folders.folder(), 8, 6000);
    try {
      await run("scontrol", ["requeue", counted.job.jobId]);
      // The watcher sees REQUEUED, then PENDING, after RUNNING: not an end.
      await assertStaysPending(counted, slurm(), 3);
      await startNow(counted.job.jobId);
      await assertRanTwiceThenCached(counted, slurm(), /CANCELLED AT .* DUE TO JOB REQUEUE/);
    } finally {
      if (!counted.settled()) await cancel(counted);
    }
    // Both runs logged: the log files are appended to.
    assert.equal((await counted.job.stdout()).match(/computing 8/g)?.length, 2);
  });
});

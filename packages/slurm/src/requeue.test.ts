// A job requeued mid-run (`scontrol requeue`): Slurm kills the running batch script, shows the job
// REQUEUED, then PENDING (held back ~2 min, reason BeginTime), then runs the script again under the
// same job id. The task must be computed by the second run, never reported failed in between.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { getExecutor, registerExecutor } from "@exca/executors";
import { type SlurmExecutor, slurmExecutor } from "./index.js";
import {
  FAST,
  follow,
  needsSlurm,
  requireSlurm,
  startNow,
  tempFolders,
  until,
  untilRunning,
  withStderr,
} from "./test-fixtures/cluster.js";
import { type Ran, SlowTask } from "./test-fixtures/tasks.js";

const run = promisify(execFile);

registerExecutor("slurm", () => slurmExecutor(FAST));
const slurm = (): SlurmExecutor => getExecutor("slurm") as SlurmExecutor;

describe("TaskInfra on slurm: a job requeued mid-run", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("exca-slurm-requeue-");

  it("stays unfinished while requeued, runs again under the same job id, and completes", async () => {
    const dir = folders.next();
    await mkdir(dir, { recursive: true });
    const countFile = join(dir, "runs");
    const config = { value: 8, ms: 6000, countFile };
    const task = new SlowTask({ ...config, infra: { folder: join(dir, "cache"), cluster: "slurm" } });
    const job = await task.infra.job<Ran>();
    const watched = follow(slurm(), job.jobId);
    let settled = false;
    const result = withStderr(job.result()).finally(() => {
      settled = true;
    });
    result.catch(() => undefined); // awaited below; a failure there must not also be unhandled
    let ended = false;
    try {
      await untilRunning(watched, job, /computing 8/);
      await run("scontrol", ["requeue", job.jobId]);
      // The watcher sees REQUEUED, then PENDING, after RUNNING: not an end.
      await until(async () => (await watched.state()) !== "running");
      assert.equal(await watched.state(), "pending");
      const polls = slurm().stats().polls;
      await until(async () => slurm().stats().polls >= polls + 3 || (await watched.state()) !== "pending");
      assert.equal(await watched.state(), "pending");
      assert.equal(await job.done(), false);
      assert.equal(await task.infra.status(), "running");
      assert.equal(settled, false, "job.result() did not settle while the job was requeued");
      await startNow(job.jobId);
      const ran = await result;
      assert.equal(ran.value, 8);
      assert.equal(ran.slurmJobId, job.jobId);
      assert.deepEqual(await watched.wait(), { state: "completed" });
      ended = true;
    } finally {
      // A failed test must not leave the job behind, pending, to run two minutes later.
      if (!ended) await run("scancel", [job.jobId]).catch(() => undefined);
    }
    // The batch script ran twice under the same id, and both runs logged (the log files are appended to).
    assert.deepEqual((await readFile(countFile, "utf8")).trim().split("\n"), [job.jobId, job.jobId]);
    assert.equal((await job.stdout()).match(/computing 8/g)?.length, 2);
    assert.match(await job.stderr(), /CANCELLED AT .* DUE TO JOB REQUEUE/);
    assert.equal(await task.infra.status(), "completed");
    const calls = slurm().stats().sbatch;
    const again = new SlowTask({ ...config, infra: { folder: task.infra.folder!, cluster: "slurm" } });
    assert.deepEqual(await again.process(), await result, "read from the cache");
    assert.equal(slurm().stats().sbatch, calls);
  });
});

// Shared steps of the tests where Slurm requeues a running job (scontrol requeue, node set DOWN): a
// counted SlowTask started on the cluster, the checks that it stays unfinished while requeued, and the
// checks once its second run completed.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Job } from "@exca/executors";
import type { TaskJob } from "@exca/task";
import { until } from "@exca/test-utils";
import type { SlurmExecutor } from "../index.js";
import { follow, untilRunning, withStderr } from "./cluster.js";
import { type Ran, SlowTask } from "./tasks.js";

const run = promisify(execFile);

/** A SlowTask running on Slurm that appends its job id to `countFile` each time it starts. */
export interface CountedRun {
  task: SlowTask;
  config: { value: number; ms: number; countFile: string };
  job: TaskJob<Ran>;
  /** The executor's own view of the job. */
  watched: Job;
  /** `job.result()`, with the job's stderr in its error. */
  result: Promise<Ran>;
  /** Whether `result` has settled. */
  settled(): boolean;
}

/** Submits a counted SlowTask in `dir` and waits until it runs and has printed its first line. */
export async function startCounted(
  executor: SlurmExecutor,
  dir: string,
  value: number,
  ms: number,
): Promise<CountedRun> {
  await mkdir(dir, { recursive: true });
  const config = { value, ms, countFile: join(dir, "runs") };
  const task = new SlowTask({ ...config, infra: { folder: join(dir, "cache"), cluster: "slurm" } });
  const job = await task.infra.job<Ran>();
  const watched = follow(executor, job.jobId);
  let settled = false;
  const result = withStderr(job.result()).finally(() => {
    settled = true;
  });
  result.catch(() => undefined); // awaited by the test; a failure there must not also be unhandled
  const counted = { task, config, job, watched, result, settled: () => settled };
  try {
    await untilRunning(watched, job, new RegExp(`computing ${value}`));
  } catch (error) {
    await cancel(counted);
    throw error;
  }
  return counted;
}

/** Cancels the job: a failed test must not leave it behind, pending, to run two minutes later. */
export async function cancel(counted: CountedRun): Promise<void> {
  await run("scancel", [counted.job.jobId]).catch(() => undefined);
}

/**
 * Checks that the job, no longer running, stays pending (not done, the task running, its result
 * unsettled) for `polls` more polls of the executor.
 */
export async function assertStaysPending(
  counted: CountedRun,
  executor: SlurmExecutor,
  polls: number,
): Promise<void> {
  const { watched, job, task } = counted;
  await until(async () => (await watched.state()) !== "running");
  assert.equal(await watched.state(), "pending");
  const from = executor.stats().polls;
  await until(async () => executor.stats().polls >= from + polls || (await watched.state()) !== "pending");
  assert.equal(await watched.state(), "pending");
  assert.equal(await job.done(), false);
  assert.equal(await task.infra.status(), "running");
  assert.equal(counted.settled(), false, "job.result() did not settle while the job was requeued");
}

/**
 * Checks the end of a requeued job: its value came from the second run under the same job id, its stderr
 * names why the first run was stopped, and a new call reads the cache without submitting.
 */
export async function assertRanTwiceThenCached(
  counted: CountedRun,
  executor: SlurmExecutor,
  stoppedBecause: RegExp,
): Promise<void> {
  const { job, task, config } = counted;
  const ran = await counted.result;
  assert.equal(ran.value, config.value);
  assert.equal(ran.slurmJobId, job.jobId);
  assert.deepEqual(await counted.watched.wait(), { state: "completed" });
  assert.deepEqual((await readFile(config.countFile, "utf8")).trim().split("\n"), [job.jobId, job.jobId]);
  assert.match(await job.stderr(), stoppedBecause);
  assert.equal(await task.infra.status(), "completed");
  const calls = executor.stats().sbatch;
  const again = new SlowTask({ ...config, infra: { folder: task.infra.folder!, cluster: "slurm" } });
  assert.deepEqual(await again.process(), ran, "read from the cache");
  assert.equal(executor.stats().sbatch, calls);
}

import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { registerExecutor } from "@exca/executors";
import { TaskError } from "@exca/task";
import { tempFolders, until } from "@exca/test-utils";
import { slurmExecutor } from "./index.js";

// The executor one test registers under its own name, declared as a third-party package would.
declare module "@exca/executors" {
  interface ExcaClusters {
    "slurm-slow-poll": true;
  }
}

import { needsSlurm, requireSlurm, useSlurm, withStderr } from "./test-fixtures/cluster.js";
import { FailingTask, type Ran, SlowTask } from "./test-fixtures/tasks.js";

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
/** A user's TypeScript module: the task package's, shared with its child-process test. */
const TS_MODULE = fileURLToPath(new URL("../../task/ts-fixtures/tutorial.ts", import.meta.url));
const DRIVER = fileURLToPath(new URL("./test-fixtures/driver.js", import.meta.url));

const slurm = useSlurm();

describe("TaskInfra on slurm", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("slurm-task");

  it("runs a class from a user's .ts module under tsx in a Slurm job", async () => {
    // The task package's user module, with cluster "slurm" (this package registers the executor).
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "--import", "@exca/slurm", TS_MODULE, folders.folder(), "slurm"],
      { cwd: PACKAGE },
    );
    const result = JSON.parse(stdout.trim()) as { doubled: number; runtime: string; slurmJobId: string };
    assert.equal(result.doubled, 42);
    assert.equal(result.runtime, "worker");
    assert.match(result.slurmJobId, /^\d+$/);
  });

  it("runs, logs and caches a task in a Slurm job", async () => {
    const task = new SlowTask({ value: 3, infra: { folder: folders.folder(), cluster: "slurm" } });
    const job = await task.infra.job<Ran>();
    const result = await withStderr(job.result());
    assert.equal(result.value, 3);
    assert.equal(result.slurmJobId, job.jobId);
    assert.match(await job.stdout(), /computing 3/);
    assert.match(await job.stderr(), /stderr of 3/);
    const calls = slurm().stats().sbatch;
    assert.deepEqual(
      await new SlowTask({ value: 3, infra: { folder: task.infra.folder! } }).process(),
      result,
    );
    assert.equal(slurm().stats().sbatch, calls, "read from the cache");
  });

  it("returns a task's result once the worker stored it, not at the next sacct poll", async () => {
    // sacct is asked first 15 s after submission: a result before then came from the result folder
    registerExecutor("slurm-slow-poll", () =>
      slurmExecutor({ pollIntervalMs: 15_000, maxPollIntervalMs: 15_000 }),
    );
    const task = new SlowTask({ value: 5, infra: { folder: folders.folder(), cluster: "slurm-slow-poll" } });
    const job = await task.infra.job<Ran>();
    const start = performance.now();
    const result = await withStderr(job.result());
    const seconds = (performance.now() - start) / 1000;
    assert.equal(result.value, 5);
    assert.ok(seconds < 10, `the result took ${seconds.toFixed(1)} s: it waited for the sacct poll`);
    await job.wait(); // the job still ends, as Slurm reports it
  });

  it("submits a jobArray of 10 tasks as one Slurm array", async () => {
    const folder = folders.folder();
    const calls = slurm().stats().sbatch;
    const owner = new SlowTask({ infra: { folder, cluster: "slurm" } });
    const jobs = await owner.infra.jobArray<SlowTask>((tasks) => {
      for (let value = 0; value < 10; value++)
        tasks.push(new SlowTask({ value, infra: { folder, cluster: "slurm" } }));
    });
    assert.equal(slurm().stats().sbatch, calls + 1, "one sbatch call");
    const arrayIds = new Set(jobs.map((job) => /^(\d+)_\d+$/.exec(job.jobId)?.[1]));
    assert.equal(arrayIds.size, 1);
    assert.ok(!arrayIds.has(undefined));
    const results = (await Promise.all(jobs.map((job) => withStderr(job.result())))) as Ran[];
    assert.deepEqual(
      results.map((result) => result.value),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      results.map((result) => result.excaJobId),
      jobs.map((job) => job.jobId),
    );
    // Each task logs into its own uid folder.
    assert.match(await jobs[7]!.stdout(), /computing 7/);
  });

  it("caches a failure, and recomputes it with mode retry", async () => {
    const folder = folders.folder();
    const failure = async (task: FailingTask): Promise<TaskError> => {
      const error = await task.process().then(
        () => assert.fail("the task should fail"),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof TaskError);
      assert.equal(error.originalName, "RangeError");
      return error;
    };
    const first = await failure(new FailingTask({ infra: { folder, cluster: "slurm" } }));
    const jobId = /(\d+)\.err$/.exec(first.logs.stderr ?? "")?.[1];
    assert.ok(jobId !== undefined, `the stderr log of a Slurm job: ${first.logs.stderr}`);
    assert.match(first.message, new RegExp(`failure in Slurm job ${jobId}\\b`), "it failed inside that job");
    assert.match(await readFile(first.logs.stderr!, "utf8"), /exca worker: job failed: RangeError/);
    const again = new FailingTask({ infra: { folder, cluster: "slurm" } });
    assert.equal(await again.infra.status(), "failed");
    const calls = slurm().stats().sbatch;
    assert.equal((await failure(again)).message, first.message, "the cached error");
    assert.equal(slurm().stats().sbatch, calls);
    const retried = await failure(new FailingTask({ infra: { folder, cluster: "slurm", mode: "retry" } }));
    assert.equal(slurm().stats().sbatch, calls + 1);
    assert.notEqual(retried.message, first.message);
  });

  it("reports a job cancelled with scancel mid-run as failed, with a clear message", async () => {
    const task = new SlowTask({
      value: 4,
      ms: 120_000,
      infra: { folder: folders.folder(), cluster: "slurm" },
    });
    const job = await task.infra.job();
    await until(async () => /computing 4/.test(await job.stdout()));
    await run("scancel", [job.jobId]);
    await assert.rejects(job.result(), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      assert.equal(error.originalName, "CancelledError");
      assert.match(error.message, /job \d+ cancelled: Slurm job \d+ was cancelled \(CANCELLED( by \d+)?\)/);
      return true;
    });
    assert.equal(await task.infra.status(), "failed");
  });

  it("finds a job again after the driver process that submitted it was killed", async () => {
    const folder = folders.folder();
    const driver = spawn(process.execPath, [DRIVER, folder, "5"], { stdio: ["ignore", "pipe", "inherit"] });
    const jobId = await new Promise<string>((resolve, reject) => {
      driver.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      driver.once("exit", (code) => reject(new Error(`the driver exited early (code ${code})`)));
    });
    driver.kill("SIGKILL");
    const calls = slurm().stats().sbatch;
    const task = new SlowTask({ ms: 2000, value: 5, infra: { folder, cluster: "slurm" } });
    assert.equal(await task.infra.status(), "running");
    const result = (await withStderr(task.process())) as Ran;
    assert.equal(result.value, 5);
    assert.equal(result.slurmJobId, jobId);
    assert.equal(slurm().stats().sbatch, calls, "no new submission");
    assert.equal(await task.infra.status(), "completed");
  });
});

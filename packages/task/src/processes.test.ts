import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isProcessAlive } from "@exca/executors";
import { driverReport, tempFolders } from "@exca/test-utils";
import { TaskError } from "./index.js";
import { FailingTask, SlowTask } from "./test-fixtures/tasks.js";

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL("./test-fixtures/driver.js", import.meta.url));
const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

/** A fresh cache folder per test. */
const { folder } = tempFolders("task-proc");

/** Runs the driver process (`node driver.js <action> <json args>`) and returns its JSON report. */
const driver = (action: string, args: Record<string, unknown>): Promise<unknown> =>
  driverReport(DRIVER, [action, JSON.stringify(args)]);

async function jobPid(uidFolder: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const file = JSON.parse(await readFile(join(uidFolder, "job.json"), "utf8").catch(() => "{}")) as {
      record?: { detail?: { pidFile?: string } };
    };
    const pidFile = file.record?.detail?.pidFile;
    if (pidFile !== undefined) {
      const text = await readFile(pidFile, "utf8").catch(() => "");
      if (text !== "") return (JSON.parse(text) as { pid: number }).pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("no pid recorded");
}

describe("TaskInfra on cluster: process", { timeout: 120_000 }, () => {
  it("runs the method in a child process, captures its logs and caches the result", async () => {
    const task = new SlowTask({ value: 3, infra: { folder: folder(), cluster: "process" } });
    const job = await task.infra.job<{ value: number; pid: number }>();
    const result = await job.result();
    assert.equal(result.value, 3);
    assert.notEqual(result.pid, process.pid);
    assert.match(await job.stdout(), /computing 3/);
    assert.match(await job.stderr(), /stderr of 3/);
    assert.deepEqual(await task.process(), result);
    assert.equal(await task.infra.status(), "completed");
  });

  it('logs: "{folder}/logs" puts the logs in <uid folder>/logs, not .../logs/logs (issue 12.12)', async () => {
    const task = new SlowTask({
      value: 5,
      infra: { folder: folder(), cluster: "process", logs: "{folder}/logs" },
    });
    const job = await task.infra.job();
    await job.result();
    const logs = join(task.infra.uidFolder(), "logs");
    const files = await readdir(logs);
    assert.ok(
      files.some((name) => name.endsWith(".out")) && files.some((name) => name.endsWith(".err")),
      files.join(),
    );
    assert.ok(!files.includes("logs"), `no nested logs folder in ${logs}: ${files.join()}`);
    // Another path gets a logs subfolder of its own.
    const elsewhere = join(folder(), "joblogs");
    const other = new SlowTask({
      value: 6,
      infra: { folder: folder(), cluster: "process", logs: elsewhere },
    });
    await (await other.infra.job()).result();
    assert.ok((await readdir(join(elsewhere, "logs"))).some((name) => name.endsWith(".err")));
  });

  it("runs a class from a user's .ts module under tsx, in a child process", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "ts-fixtures/tutorial.ts", folder()], {
      cwd: PACKAGE,
    });
    assert.deepEqual(JSON.parse(stdout.trim()), { doubled: 42, runtime: "worker", slurmJobId: "" });
  });

  it("reports a child killed mid-run as failed, with a clear message", async () => {
    const task = new SlowTask({ value: 4, ms: 30_000, infra: { folder: folder(), cluster: "process" } });
    const job = await task.infra.job();
    process.kill(await jobPid(task.infra.uidFolder()), "SIGKILL");
    await assert.rejects(job.result(), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      assert.match(error.message, /worker killed by SIGKILL/);
      assert.match(error.logs.stderr ?? "", /\.err$/);
      return true;
    });
    assert.equal(await task.infra.status(), "failed");
    assert.equal(
      await new SlowTask({ value: 4, ms: 30_000, infra: { folder: task.infra.folder! } }).infra.status(),
      "failed",
    );
  });

  it("finds a job again after the process that submitted it exited", async () => {
    const tmp = folder();
    await driver("submit", { folder: tmp, ms: 1500, value: 5 });
    const task = new SlowTask({ value: 5, ms: 1500, infra: { folder: tmp, cluster: "process" } });
    assert.equal(await task.infra.status(), "running");
    const result = (await task.process()) as { value: number; pid: number };
    assert.equal(result.value, 5);
    for (let i = 0; i < 100 && isProcessAlive(result.pid); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(isProcessAlive(result.pid), false, "the worker has exited");
    assert.equal(await task.infra.status(), "completed");
  });

  it("infra.job() then the method: the method returns at the job's end, not at a later poll of the result", async () => {
    // The method finds the job this process submitted still running. Before, it polled the result every
    // 50 ms (0-50 ms late, ~25 on average, per child job); now it follows the job to its end, like
    // job.wait(). Ten jobs: the sum of the gaps was ~250 ms with the poll, a few ms without it.
    const tmp = folder();
    const gaps: number[] = [];
    for (let value = 20; value < 30; value++) {
      const task = new SlowTask({ value, infra: { folder: tmp, cluster: "process" } });
      const job = await task.infra.job();
      let ended = 0;
      const end = job.wait().then(() => {
        ended = performance.now();
      });
      const result = (await task.process()) as { value: number };
      const returned = performance.now();
      await end;
      assert.equal(result.value, value);
      gaps.push(Math.abs(returned - ended));
    }
    const total = gaps.reduce((sum, gap) => sum + gap, 0);
    assert.ok(
      total < 100,
      `the method returned ${gaps.map((gap) => gap.toFixed(1)).join(", ")} ms from the jobs' ends`,
    );
  });

  it("computes once when two processes ask for the same uncached task at once", async () => {
    const tmp = folder();
    const countFile = join(tmp, "count.txt");
    const args = { folder: tmp, ms: 500, value: 6, countFile };
    const results = await Promise.all([
      driver("compute", args),
      driver("compute", args),
      driver("compute", { ...args, cluster: null }),
    ]);
    assert.deepEqual(results[0], results[1]);
    assert.deepEqual(results[0], results[2]);
    assert.equal((await readFile(countFile, "utf8")).trim().split("\n").length, 1);
  });

  it("stops a job past timeoutMin and reports a timeout", async () => {
    const task = new SlowTask({
      value: 8,
      ms: 30_000,
      infra: { folder: folder(), cluster: "process", timeoutMin: 0.005 },
    });
    await assert.rejects(task.process(), /TimeoutError: job .* timeout/);
  });

  it("clearJob cancels a running job", async () => {
    const task = new SlowTask({ value: 9, ms: 30_000, infra: { folder: folder(), cluster: "process" } });
    await task.infra.job();
    const pid = await jobPid(task.infra.uidFolder());
    assert.equal(await task.infra.status(), "running");
    await task.infra.clearJob();
    for (let i = 0; i < 100 && isProcessAlive(pid); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(isProcessAlive(pid), false);
    assert.equal(await task.infra.status(), "not submitted");
  });
});

describe("retry across processes", { timeout: 60_000 }, () => {
  it("a retry caller neither cancels nor recomputes a job running in another process", async () => {
    const tmp = folder();
    const countFile = join(tmp, "count.txt");
    await driver("submit", { folder: tmp, ms: 1500, value: 11, countFile });
    const task = new SlowTask({
      value: 11,
      ms: 1500,
      countFile,
      infra: { folder: tmp, cluster: "process", mode: "retry" },
    });
    const worker = await jobPid(task.infra.uidFolder());
    assert.equal(await task.infra.status(), "running");
    const result = (await task.process()) as { value: number; pid: number };
    assert.deepEqual(result, { value: 11, pid: worker }, "the running job's result, not a new job's");
    assert.equal((await readFile(countFile, "utf8")).trim(), String(worker), "computed once, by that job");
  });

  it("one object in retry mode recomputes another process's failure once, then rethrows the stored error", async () => {
    const tmp = folder();
    const { message: stored } = (await driver("fail", { folder: tmp })) as { message: string };
    assert.match(stored, /RangeError: failure/);
    const messageOf = async (task: FailingTask): Promise<string> =>
      ((await task.process().catch((e: unknown) => e)) as TaskError).message;
    const retrying = new FailingTask({ infra: { folder: tmp, cluster: "process", mode: "retry" } });
    const retried = await messageOf(retrying);
    assert.match(retried, /RangeError: failure/);
    assert.notEqual(retried, stored, "retry recomputes a stored failure");
    assert.equal(await messageOf(retrying), retried, "then rethrows the stored error, without recomputing");
    assert.equal(await messageOf(new FailingTask({ infra: { folder: tmp } })), retried);
  });
});

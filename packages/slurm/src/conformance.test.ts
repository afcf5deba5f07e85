import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { executorConformance } from "@exca/executors/conformance";
import { TaskError } from "@exca/task";
import { tempFolders } from "@exca/test-utils";
import {
  accountingEnabled,
  fastExecutor,
  needsSlurm,
  requireSlurm,
  useSlurm,
} from "./test-fixtures/cluster.js";
import { handlerSpec } from "./test-fixtures/handlers.js";
import { SlowTask } from "./test-fixtures/tasks.js";

useSlurm();

// Slurm enforces its own time limits (whole minutes) every ~30 s: that test takes 60-90 s, so this file
// runs it side by side with the conformance suite and the TaskInfra timeout test.
describe("slurm: conformance and time limits", { ...needsSlurm(), concurrency: true }, () => {
  requireSlurm();
  const folders = tempFolders("slurm-timeout");

  executorConformance("slurm", () => fastExecutor(), {
    capturesLogs: true,
    cancelsRunning: true,
    enforcesTimeout: true,
    patienceMs: 120_000,
  });

  it("reports a job that Slurm stopped at its --time limit as a TIMEOUT", { timeout: 150_000 }, async () => {
    const folder = folders.folder();
    await mkdir(folder, { recursive: true });
    const limited = { slurmAdditionalParameters: { time: 1 } }; // Slurm's limit only, no timeoutMin
    const job = await fastExecutor().submit(
      handlerSpec(folder, "slurm-limit", "sleep", limited, { ms: 300_000 }),
    );
    assert.deepEqual(await job.wait(), {
      state: "timeout",
      message: `Slurm job ${job.jobId} reached its time limit (TIMEOUT)`,
    });
    assert.match(await job.stderr(), /CANCELLED AT .* DUE TO TIME LIMIT/);
  });

  it("reports a task past timeoutMin as a timeout, to the second", async () => {
    const infra = { folder: folders.folder(), cluster: "slurm", timeoutMin: 0.02 } as const;
    const task = new SlowTask({ value: 1, ms: 300_000, infra });
    const start = Date.now();
    let jobId = "";
    await assert.rejects(task.process(), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      assert.equal(error.originalName, "TimeoutError");
      const match =
        /job \d+ timeout: Slurm job (\d+) ran past timeoutMin=0.02 and was stopped \(TIMEOUT\)/.exec(
          error.message,
        );
      assert.ok(match !== null, error.message);
      jobId = match[1]!;
      return true;
    });
    const wall = Date.now() - start;
    assert.ok(wall >= 1200, `reported after ${wall} ms, before the limit of 1.2 s`);
    if (await accountingEnabled()) {
      // Slurm's own record of the run: the worker was stopped 1.2 s in (Elapsed counts whole seconds).
      const { stdout } = await promisify(execFile)("sacct", [
        `--jobs=${jobId}`,
        "-X",
        "--noheader",
        "--parsable2",
        "--format=Elapsed",
      ]);
      const [h = 0, m = 0, sec = 0] = stdout.trim().split(":").map(Number);
      const elapsed = h * 3600 + m * 60 + sec;
      assert.ok(elapsed >= 1 && elapsed <= 3, `job ${jobId} ran ${elapsed} s for a limit of 1.2 s`);
    } else assert.ok(wall < 15_000, `reported after ${wall} ms for a limit of 1.2 s`);
    assert.equal(await task.infra.status(), "failed");
  });
});

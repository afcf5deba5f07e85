import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { describe, it } from "node:test";
import { registerExecutor } from "@exca/executors";
import { executorConformance } from "@exca/executors/conformance";
import { TaskError } from "@exca/task";
import { slurmExecutor } from "./index.js";
import { FAST, fastExecutor, needsSlurm, requireSlurm, tempFolders } from "./test-fixtures/cluster.js";
import { handlerSpec } from "./test-fixtures/handlers.js";
import { SlowTask } from "./test-fixtures/tasks.js";

registerExecutor("slurm", () => slurmExecutor(FAST));

// Slurm enforces its own time limits (whole minutes) every ~30 s: that test takes 60-90 s, so this file
// runs it side by side with the conformance suite and the TaskInfra timeout test.
describe("slurm: conformance and time limits", { ...needsSlurm(), concurrency: true }, () => {
  requireSlurm();
  const folders = tempFolders("exca-slurm-timeout-");

  executorConformance("slurm", () => fastExecutor(), {
    capturesLogs: true,
    cancelsRunning: true,
    enforcesTimeout: true,
    patienceMs: 120_000,
  });

  it("reports a job that Slurm stopped at its --time limit as a TIMEOUT", { timeout: 150_000 }, async () => {
    const folder = folders.next();
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
    const infra = { folder: folders.next(), cluster: "slurm", timeoutMin: 0.02 };
    const task = new SlowTask({ value: 1, ms: 300_000, infra });
    const start = Date.now();
    await assert.rejects(task.process(), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      assert.equal(error.originalName, "TimeoutError");
      assert.match(
        error.message,
        /job \d+ timeout: Slurm job \d+ ran past timeoutMin=0.02 and was stopped \(TIMEOUT\)/,
      );
      return true;
    });
    assert.ok(Date.now() - start < 30_000, "well before Slurm's own limit of a minute");
    assert.equal(await task.infra.status(), "failed");
  });
});

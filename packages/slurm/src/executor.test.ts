import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import type { Job } from "@exca/executors";
import { tempFolders } from "@exca/test-utils";
import { SlurmCommandError, type SlurmStats } from "./index.js";
import { accountingEnabled, fastExecutor, needsSlurm, requireSlurm } from "./test-fixtures/cluster.js";
import { handlerSpec } from "./test-fixtures/handlers.js";

const run = promisify(execFile);

describe("slurm executor on a real cluster", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("slurm-exec");
  const newFolder = async (): Promise<string> => {
    const folder = folders.folder();
    await mkdir(folder, { recursive: true });
    return folder;
  };

  it("turns resources into sbatch options, and keeps the submitter's SLURM_* variables out", async () => {
    const folder = await newFolder();
    const resources = {
      cpusPerTask: 2,
      memGb: 0.5,
      timeoutMin: 2.5,
      slurmAdditionalParameters: { comment: "exca-test", hold: false },
      slurmSetup: ["export EXCA_SETUP=yes"],
    };
    const spec = { ...handlerSpec(folder, "env check,1", "reportEnv", resources), cwd: folder };
    process.env.SLURM_EXCA_LEAK = "1"; // as if submitting from inside a job
    let job: Job;
    try {
      job = await fastExecutor().submit(spec);
    } finally {
      delete process.env.SLURM_EXCA_LEAK;
    }
    const { stdout } = await run("scontrol", ["show", "job", "-o", job.jobId]);
    assert.match(stdout, /JobName=env_check_1 /);
    assert.match(stdout, /TimeLimit=00:03:00 /);
    assert.match(stdout, /Comment=exca-test /);
    assert.match(stdout, /MinMemoryNode=512M /);
    assert.deepEqual(await job.wait(), { state: "completed" });
    const report = JSON.parse(await readFile(join(folder, "env check,1.env.json"), "utf8").catch(() => "{}"));
    assert.equal(report.cwd, folder);
    assert.equal(report.slurm.SLURM_CPUS_PER_TASK, "2");
    assert.equal(report.slurm.SLURM_EXCA_LEAK, undefined);
    assert.equal(report.exca.EXCA_SETUP, "yes");
    assert.equal(report.exca.EXCA_JOB_ID, job.jobId);
  });

  it("splits an array longer than MaxArraySize into several sbatch calls", async () => {
    const folder = await newFolder();
    const executor = fastExecutor({ maxArraySize: 4 });
    const jobs = await executor.submitMany(
      Array.from({ length: 10 }, (_, i) => handlerSpec(folder, `n${i}`, "noop")),
    );
    assert.equal(executor.stats().sbatch, 3);
    const arrays = new Map<string, number>();
    for (const job of jobs) {
      const array = /^(\d+)_[0-3]$/.exec(job.jobId)?.[1] ?? "?";
      arrays.set(array, (arrays.get(array) ?? 0) + 1);
    }
    assert.deepEqual([...arrays.values()], [4, 4, 2]);
    for (const outcome of await Promise.all(jobs.map((job) => job.wait())))
      assert.equal(outcome.state, "completed");
  });

  it("watches 1, 20 or 100 jobs with the same number of sacct calls: one per poll, none per job", async () => {
    const folder = await newFolder();
    const held = { slurmAdditionalParameters: { hold: true } };
    const spec = (i: number) => handlerSpec(folder, `held${i}`, "noop", held);
    const one = fastExecutor();
    const twenty = fastExecutor();
    const hundred = fastExecutor();
    const jobs: Job[] = [];
    try {
      jobs.push(await one.submit(spec(0)));
      jobs.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => twenty.submit(spec(i))))));
      jobs.push(...(await hundred.submitMany(Array.from({ length: 100 }, (_, i) => spec(i)))));
      assert.equal(hundred.stats().sbatch, 1, "a 100-task array is one sbatch call");
      const executors = [one, twenty, hundred];
      const before = executors.map((executor) => executor.stats());
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const calls = executors.map((executor, i) => delta(before[i]!, executor.stats()));
      // With accounting every poll is one sacct call; without, one squeue call (after one try of sacct).
      const [query, other] = (await accountingEnabled())
        ? (["sacct", "squeue"] as const)
        : (["squeue", "sacct"] as const);
      for (const call of calls) {
        assert.equal(call[query], call.polls, `one ${query} call per poll`);
        assert.ok(call[other] <= (other === "sacct" ? 1 : 0), "without accounting, sacct is tried once");
      }
      assert.ok(calls[0]!.polls >= 3, `polled ${calls[0]!.polls} times in 4 s`);
      assert.ok(Math.abs(calls[1]![query] - calls[0]![query]) <= 1, JSON.stringify(calls));
      assert.ok(Math.abs(calls[2]![query] - calls[0]![query]) <= 1, JSON.stringify(calls));
    } finally {
      // The held jobs would never end by themselves.
      if (jobs.length > 0) await run("scancel", [...new Set(jobs.map((job) => job.jobId.split("_")[0]!))]);
    }
    for (const outcome of await Promise.all(jobs.map((job) => job.wait())))
      assert.equal(outcome.state, "cancelled");
  });

  it("reads states from squeue when accounting is off", async () => {
    const folder = await newFolder();
    const executor = fastExecutor({ stateSource: "squeue" });
    const [ok, bad] = await executor.submitMany([
      handlerSpec(folder, "ok", "noop"),
      handlerSpec(folder, "bad", "fail"),
    ]);
    assert.deepEqual(await ok!.wait(), { state: "completed" });
    assert.deepEqual(await bad!.wait(), {
      state: "failed",
      message: `Slurm job ${bad!.jobId} ended FAILED with exit code 1`,
    });
    assert.match(await bad!.stderr(), /planned failure of bad/);
    assert.equal(executor.stats().sacct, 0);
    assert.ok(executor.stats().squeue > 0);
  });

  it("finds an ended job again from its record in a fresh executor", async () => {
    const folder = await newFolder();
    const job = await fastExecutor().submit(handlerSpec(folder, "done", "noop"));
    await job.wait();
    const fresh = fastExecutor();
    const found = fresh.reattach(JSON.parse(JSON.stringify(job.record())));
    assert.equal(await found.done(), true);
    assert.deepEqual(await found.wait(), { state: "completed" });
    assert.equal(fresh.stats().polls, 1);
  });

  it("quotes sbatch's error when Slurm refuses a job, without retrying", async () => {
    const executor = fastExecutor();
    const spec = handlerSpec(await newFolder(), "nowhere", "noop", { slurmPartition: "nope" });
    await assert.rejects(executor.submit(spec), (error: unknown) => {
      assert.ok(error instanceof SlurmCommandError);
      assert.match(error.message, /^`sbatch --parsable .*--partition=nope` failed \(exit code 1\): /);
      assert.match(
        error.message,
        /sbatch: error: Batch job submission failed: Invalid partition name specified/,
      );
      assert.ok(error.cause !== undefined);
      return true;
    });
    assert.equal(executor.stats().sbatch, 1);
  });
});

function delta(before: SlurmStats, after: SlurmStats): SlurmStats {
  const out = { ...after };
  for (const key of Object.keys(before) as (keyof SlurmStats)[]) out[key] = after[key] - before[key];
  return out;
}

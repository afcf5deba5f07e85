// Slurm benchmarks (`pnpm bench` in packages/slurm, with a cluster: bash tooling/slurm/start.sh --accounting).
// Figures through @exca/bench (JSON lines and a table; `pnpm bench` at the root collects them): job() to
// COMPLETED for a trivial task, sbatch calls for a 100-task array, sacct calls per minute while 1 or 100
// jobs are watched.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchResult, median, report, resultOf } from "@exca/bench";
import { registerExecutor } from "@exca/executors";
import { type SlurmExecutorOptions, slurmExecutor } from "./index.js";
import { onPath } from "./on-path.js";
import { handlerSpec } from "./test-fixtures/handlers.js";
import { SlowTask } from "./test-fixtures/tasks.js";

const root = mkdtempSync(join(tmpdir(), "exca-slurm-bench-"));
let n = 0;
const folder = (): string => {
  const path = join(root, `f${n++}`);
  mkdirSync(path, { recursive: true });
  return path;
};
const round = (value: number): number => Math.round(value * 100) / 100;

/** Seconds from `infra.job()` to the end of a trivial task, with the executor built from `options`. */
async function taskLatency(label: string, options: SlurmExecutorOptions, runs = 5): Promise<BenchResult> {
  registerExecutor("slurm", () => slurmExecutor(options));
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const task = new SlowTask({ value: i, infra: { folder: folder(), cluster: "slurm" } });
    const start = performance.now();
    await (await task.infra.job()).wait();
    seconds.push((performance.now() - start) / 1000);
  }
  return resultOf(`slurm: job() to COMPLETED, trivial task (${label})`, 1, median(seconds), {
    note: `${runs} runs: ${seconds.map(round).join(", ")} s`,
  });
}

/** Submits 100 specs at once; counts sbatch calls and times the submission and the whole array. */
async function hundredArray(): Promise<BenchResult> {
  const executor = slurmExecutor();
  const dir = folder();
  const start = performance.now();
  const jobs = await executor.submitMany(
    Array.from({ length: 100 }, (_, i) => handlerSpec(dir, `t${i}`, "noop")),
  );
  const submitted = (performance.now() - start) / 1000;
  await Promise.all(jobs.map((job) => job.wait()));
  const total = (performance.now() - start) / 1000;
  return resultOf("slurm: 100-task array, submitted to all COMPLETED", 100, total, {
    note: `${executor.stats().sbatch} sbatch call(s), submitted in ${round(submitted)} s`,
  });
}

/** sacct calls in one minute while `count` held jobs are watched with the default polling. */
async function sacctPerMinute(count: number, minutes: number): Promise<BenchResult> {
  const executor = slurmExecutor();
  const dir = folder();
  const held = { slurmAdditionalParameters: { hold: true } };
  const specs = Array.from({ length: count }, (_, i) => handlerSpec(dir, `h${i}`, "noop", held));
  const jobs = count === 1 ? [await executor.submit(specs[0]!)] : await executor.submitMany(specs);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
  const { sacct, squeue, polls } = executor.stats();
  execFileSync("scancel", [...new Set(jobs.map((job) => job.jobId.split("_")[0]!))]);
  await Promise.all(jobs.map((job) => job.wait()));
  return resultOf(`slurm: watching ${count} held job(s) for ${minutes} min`, count, minutes * 60, {
    note: `${sacct / minutes} sacct calls/min, ${squeue} squeue calls, ${polls} polls`,
  });
}

if (!onPath("sbatch")) {
  process.stderr.write("slurm bench skipped: no sbatch on PATH (bash tooling/slurm/start.sh --accounting)\n");
} else {
  const results = [
    await taskLatency("default polling", {}),
    await taskLatency("pollIntervalMs 250", { pollIntervalMs: 250, maxPollIntervalMs: 1000 }),
    await hundredArray(),
    ...(await Promise.all([sacctPerMinute(1, 1), sacctPerMinute(100, 1)])),
  ];
  report(results);
}
rmSync(root, { recursive: true, force: true });

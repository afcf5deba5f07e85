// Slurm benchmarks (`pnpm bench` in packages/slurm, with a cluster: bash tooling/slurm/start.sh --accounting).
// Prints one JSON line per figure: job() to COMPLETED for a trivial task, sbatch calls for a 100-task
// array, and sacct calls per minute while 1 or 100 jobs are watched.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const print = (figure: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
};
const round = (value: number): number => Math.round(value * 100) / 100;
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Seconds from `infra.job()` to the end of a trivial task, with the executor built from `options`. */
async function taskLatency(label: string, options: SlurmExecutorOptions, runs = 5): Promise<void> {
  registerExecutor("slurm", () => slurmExecutor(options));
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const task = new SlowTask({ value: i, infra: { folder: folder(), cluster: "slurm" } });
    const start = performance.now();
    await (await task.infra.job()).wait();
    seconds.push((performance.now() - start) / 1000);
  }
  print({
    scenario: `slurm: job() to COMPLETED, trivial task (${label})`,
    n: runs,
    seconds: round(median(seconds)),
    all: seconds.map(round),
  });
}

/** Submits 100 specs at once; counts sbatch calls and times the submission and the whole array. */
async function hundredArray(): Promise<void> {
  const executor = slurmExecutor();
  const dir = folder();
  const start = performance.now();
  const jobs = await executor.submitMany(
    Array.from({ length: 100 }, (_, i) => handlerSpec(dir, `t${i}`, "noop")),
  );
  const submitted = (performance.now() - start) / 1000;
  await Promise.all(jobs.map((job) => job.wait()));
  const total = (performance.now() - start) / 1000;
  print({
    scenario: "slurm: 100-task array",
    n: 100,
    sbatchCalls: executor.stats().sbatch,
    submitSeconds: round(submitted),
    seconds: round(total),
  });
}

/** sacct calls in one minute while `count` held jobs are watched with the default polling. */
async function sacctPerMinute(count: number, minutes: number): Promise<void> {
  const executor = slurmExecutor();
  const dir = folder();
  const held = { slurmAdditionalParameters: { hold: true } };
  const specs = Array.from({ length: count }, (_, i) => handlerSpec(dir, `h${i}`, "noop", held));
  const jobs = count === 1 ? [await executor.submit(specs[0]!)] : await executor.submitMany(specs);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
  const { sacct, squeue, polls } = executor.stats();
  print({
    scenario: `slurm: sacct calls per minute, ${count} jobs watched`,
    n: count,
    sacctPerMinute: sacct / minutes,
    squeue,
    polls,
  });
  execFileSync("scancel", [...new Set(jobs.map((job) => job.jobId.split("_")[0]!))]);
  await Promise.all(jobs.map((job) => job.wait()));
}

if (!onPath("sbatch")) {
  process.stdout.write("slurm bench skipped: no sbatch on PATH (bash tooling/slurm/start.sh --accounting)\n");
} else {
  await taskLatency("default polling", {});
  await taskLatency("pollIntervalMs 250", { pollIntervalMs: 250, maxPollIntervalMs: 1000 });
  await hundredArray();
  await Promise.all([sacctPerMinute(1, 1), sacctPerMinute(100, 1)]);
}
rmSync(root, { recursive: true, force: true });

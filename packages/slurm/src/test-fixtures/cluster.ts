// Helpers of the tests that need a real Slurm cluster (tooling/slurm/start.sh starts one).
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename } from "node:path";
import { before, test } from "node:test";
import { promisify } from "node:util";
import { getExecutor, type Job, registerExecutor } from "@exca/executors";
import { until } from "@exca/test-utils";
import { type SlurmExecutor, type SlurmExecutorOptions, slurmExecutor } from "../index.js";
import { onPath } from "../on-path.js";

/** Polling tuned for tests: first poll after 250 ms, then at most every second. */
export const FAST: SlurmExecutorOptions = { pollIntervalMs: 250, maxPollIntervalMs: 1000 };

/** Registers a Slurm executor polling with `options` (default {@link FAST}) for this test file; returns a getter of it. */
export function useSlurm(options: SlurmExecutorOptions = FAST): () => SlurmExecutor {
  registerExecutor("slurm", () => slurmExecutor(options));
  return () => getExecutor("slurm") as SlurmExecutor;
}

/** A Slurm executor with test polling, and `options` on top. */
export function fastExecutor(options: SlurmExecutorOptions = {}): SlurmExecutor {
  return slurmExecutor({ ...FAST, ...options });
}

/** Time limit of each Slurm suite: a job or a poll that never ends fails the suite instead of hanging the run. */
export const SLURM_SUITE_TIMEOUT_MS = 300_000;

const HOW_TO_START = "start a local cluster with `bash tooling/slurm/start.sh --accounting`";
let skipReported = false;

/**
 * `describe` options of the Slurm tests: a time limit, and skipped when sbatch is missing, except under CI,
 * where they run and fail (see {@link requireSlurm}). A skip is reported loudly, once per file: a line on
 * stderr and a skipped test whose diagnostic says how to start the cluster, so that "no Slurm" never reads
 * as "Slurm tested".
 */
export function needsSlurm(): { skip: string | false; timeout: number } {
  const timeout = SLURM_SUITE_TIMEOUT_MS;
  if (onPath("sbatch") || process.env.CI === "true") return { skip: false, timeout };
  const reason = `no sbatch on PATH: ${HOW_TO_START}`;
  if (!skipReported) {
    skipReported = true;
    const file = basename(process.argv[1] ?? "this file");
    process.stderr.write(`# SLURM SUITES SKIPPED in ${file}: ${reason}\n`);
    test(`Slurm suites of ${file} (skipped: no cluster)`, (t) => {
      t.diagnostic(`SLURM SUITES SKIPPED: ${reason}`);
      t.skip(reason);
    });
  }
  return { skip: reason, timeout };
}

/** A `before` hook that fails the suite, with the fix, when the cluster is missing (under CI). */
export function requireSlurm(): void {
  before(() => {
    if (!onPath("sbatch"))
      throw new Error(
        `sbatch is not on PATH (CI=true: the Slurm suites must run): ${HOW_TO_START} before the tests`,
      );
  });
}

/** False when the cluster runs without slurmdbd (sacct then says "accounting storage is disabled"). */
export async function accountingEnabled(): Promise<boolean> {
  try {
    await promisify(execFile)("sacct", ["--noheader", "--jobs=1"]);
    return true;
  } catch (error) {
    return !/accounting storage is disabled/i.test(String((error as { stderr?: unknown }).stderr));
  }
}

/** Rethrows a task's failure with its job's stderr in the message, so that a failed test shows why. */
export async function withStderr<T>(result: Promise<T>): Promise<T> {
  try {
    return await result;
  } catch (error) {
    const path = (error as { logs?: { stderr?: string } }).logs?.stderr;
    const stderr = path === undefined ? "" : await readFile(path, "utf8").catch(() => "");
    throw stderr === ""
      ? error
      : new Error(`${(error as Error).message}\n--- job stderr ---\n${stderr}`, { cause: error });
  }
}

/** The executor's own view of a job found by id: it shares the watcher of the jobs the executor submitted. */
export function follow(executor: SlurmExecutor, jobId: string): Job {
  return executor.reattach({
    executor: "slurm",
    jobId,
    host: hostname(),
    submittedAt: new Date().toISOString(),
  });
}

/**
 * Lets a requeued job start at once: Slurm holds a requeued job back about two minutes (it is PENDING
 * with reason BeginTime), which would make the requeue tests slow.
 */
export async function startNow(jobId: string): Promise<void> {
  await promisify(execFile)("scontrol", ["update", `jobid=${jobId}`, "starttime=now"]);
}

/**
 * Waits until `job` runs and has printed `printed` (its logs read through `logs`); fails at once, with
 * its stderr, when it ends before.
 */
export async function untilRunning(
  job: Job,
  logs: { stdout(): Promise<string>; stderr(): Promise<string> },
  printed: RegExp,
): Promise<void> {
  await until(async () => {
    const state = await job.state();
    if (state !== "pending" && state !== "running")
      throw new Error(`job ${job.jobId} ended ${state} before printing ${printed}:\n${await logs.stderr()}`);
    return state === "running" && printed.test(await logs.stdout());
  });
}

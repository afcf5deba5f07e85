import type { Executor, Job, JobRecord, JobSpec } from "@exca/executors";
import { SlurmCli, type SlurmCommand } from "./cli.js";
import { readMaxArraySize } from "./cluster-config.js";
import { HOST_NAME } from "./host.js";
import { SlurmJob } from "./job.js";
import { resolveOptions, type SlurmExecutorOptions } from "./options.js";
import { StateReader } from "./reader.js";
import { type Submitted, Submitter } from "./submit.js";
import { StateWatcher } from "./watcher.js";

/** Counters of a Slurm executor, for tests and benchmarks. */
export interface SlurmStats extends Record<SlurmCommand, number> {
  /** Polling rounds: each makes one sacct call, plus one squeue call when some jobs need it. */
  polls: number;
  /** Jobs being watched now. */
  watched: number;
}

/** The Slurm executor, with its call counters. */
export interface SlurmExecutor extends Executor {
  /** Slurm commands run so far, and polling rounds. */
  stats(): SlurmStats;
}

/**
 * The `slurm` executor: `submit` is one sbatch call, `submitMany` one job array per set of identical
 * resources; all the jobs of the executor are watched with one batched sacct call per polling interval.
 */
export function slurmExecutor(options: SlurmExecutorOptions = {}): SlurmExecutor {
  const resolved = resolveOptions(options);
  const cli = new SlurmCli(resolved.commandTimeoutMs);
  const reader = new StateReader(cli, resolved.stateSource, resolved.sacctGraceMs);
  const watcher = new StateWatcher((jobs) => reader.read(jobs), {
    first: resolved.pollIntervalMs,
    max: resolved.maxPollIntervalMs,
    factor: resolved.pollBackoff,
  });
  let maxArraySize: Promise<number> | undefined;
  const submitter = new Submitter(cli, resolved, () => {
    maxArraySize ??=
      resolved.maxArraySize === undefined ? readMaxArraySize(cli) : Promise.resolve(resolved.maxArraySize);
    return maxArraySize;
  });
  const jobOf = (submitted: Submitted): Job => {
    watcher.watch(submitted.jobId, { state: "PENDING" });
    return new SlurmJob(recordOf(submitted), watcher, cli);
  };
  const submitMany = async (specs: readonly JobSpec[]): Promise<Job[]> =>
    specs.length === 0 ? [] : (await submitter.submit(specs)).map(jobOf);
  return {
    name: "slurm",
    inProcess: false,
    // A job's end is known at the next sacct poll, up to seconds after the worker stored its result.
    reportsEndLate: true,
    submit: async (spec) => (await submitMany([spec]))[0]!,
    submitMany,
    reattach: (record: JobRecord) => {
      // An old job that sacct does not know of may be asked about to squeue at once.
      const submitted = Date.parse(record.submittedAt);
      watcher.watch(record.jobId, undefined, Number.isNaN(submitted) ? undefined : submitted);
      return new SlurmJob(record, watcher, cli);
    },
    stats: () => ({ ...cli.calls, polls: watcher.polls, watched: watcher.size }),
  };
}

function recordOf(submitted: Submitted): JobRecord {
  const detail: Record<string, string | number> = {
    sbatchId: submitted.sbatchId,
    specPath: submitted.specPath,
  };
  if (submitted.timeoutMin !== undefined) detail.timeoutMin = submitted.timeoutMin;
  return {
    executor: "slurm",
    jobId: submitted.jobId,
    host: HOST_NAME,
    submittedAt: new Date().toISOString(),
    stdoutPath: submitted.stdoutPath,
    stderrPath: submitted.stderrPath,
    detail,
  };
}

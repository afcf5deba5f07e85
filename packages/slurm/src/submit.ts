import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { getLogger } from "@exca/config";
import { type JobSpec, writeSpecFile } from "@exca/executors";
import { batchScript, type ScriptTask } from "./batch-script.js";
import type { SlurmCli } from "./cli.js";
import { SlurmCommandError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { jobName, resourceArgs, sbatchArgs } from "./sbatch-args.js";
import { makeLogsFolder, slurmUmask } from "./spec-file.js";
import { WORKER_PATH, workerNodeArgs } from "./worker-command.js";

const log = getLogger("slurm");

/** A job that sbatch accepted: its id and files. */
export interface Submitted {
  /** `<jobid>`, or `<arrayjobid>_<index>` for a task of an array. */
  jobId: string;
  /** What sbatch printed: the job id, or the array's job id. */
  sbatchId: string;
  specPath: string;
  stdoutPath: string;
  stderrPath: string;
  /** The spec's `timeoutMin`, enforced by the batch script to the second. */
  timeoutMin?: number;
}

/**
 * Submits specs with as few sbatch calls as possible: one job array per set of identical resources
 * (split at the cluster's MaxArraySize); a lone spec is a plain job.
 */
export class Submitter {
  readonly #cli: SlurmCli;
  readonly #options: ResolvedOptions;
  readonly #maxArraySize: () => Promise<number>;

  constructor(cli: SlurmCli, options: ResolvedOptions, maxArraySize: () => Promise<number>) {
    this.#cli = cli;
    this.#options = options;
    this.#maxArraySize = maxArraySize;
  }

  /** Submits the specs; the result is in the same order. On failure, cancels what was submitted. */
  async submit(specs: readonly JobSpec[]): Promise<Submitted[]> {
    const submitted = new Array<Submitted>(specs.length);
    const arrays: string[] = [];
    try {
      for (const group of groupByResources(specs)) {
        const size = group.length > 1 ? await this.#maxArraySize() : 1;
        for (let start = 0; start < group.length; start += size) {
          const chunk = group.slice(start, start + size);
          const jobs = await this.#sbatch(chunk.map((index) => specs[index]!));
          arrays.push(jobs[0]!.sbatchId);
          for (const [k, index] of chunk.entries()) submitted[index] = jobs[k]!;
        }
      }
    } catch (error) {
      if (arrays.length > 0) {
        log.warn(`cancelling the ${arrays.length} job(s) submitted before the error: ${arrays.join(",")}`);
        await this.#cli.run("scancel", arrays).catch((cancelError: unknown) => log.warn(String(cancelError)));
      }
      throw error;
    }
    return submitted;
  }

  /** One sbatch call: a plain job for one spec, an array (`--array=0-N[%P]`) for several. */
  async #sbatch(specs: readonly JobSpec[]): Promise<Submitted[]> {
    const first = specs[0]!;
    // Slurm writes the logs when all tasks share a logs folder; otherwise each task redirects its own.
    const sharesFolder = specs.every((spec) => spec.logs === first.logs);
    const tasks = await writeTasks(specs);
    const shared = sharesFolder ? tasks[0]!.logDir : undefined;
    if (sharesFolder) for (const task of tasks) delete task.logDir;
    const name = jobName(first.name);
    const { timeoutMin } = first.resources;
    const args = sbatchArgs({
      name,
      logsDir: shared,
      tasks: specs.length,
      parallel: this.#options.maxConcurrent,
    });
    args.push(...resourceArgs(first.resources));
    const script = batchScript(tasks, {
      command: [process.execPath, ...workerNodeArgs(), WORKER_PATH],
      setup: first.resources.slurmSetup ?? [],
      name,
      ...(timeoutMin === undefined ? {} : { timeoutMin }),
    });
    const sbatchId = await this.#sbatchWithRetries(args, script, slurmUmask(first));
    log.debug(
      `submitted ${specs.length > 1 ? `array ${sbatchId} of ${specs.length} tasks` : `job ${sbatchId}`}`,
    );
    return tasks.map((task, i) => {
      const jobId = specs.length > 1 ? `${sbatchId}_${i}` : sbatchId;
      const logs = join(shared ?? task.logDir!, jobId);
      const specPath = task.specPath;
      const job: Submitted = {
        jobId,
        sbatchId,
        specPath,
        stdoutPath: `${logs}.out`,
        stderrPath: `${logs}.err`,
      };
      if (timeoutMin !== undefined) job.timeoutMin = timeoutMin;
      return job;
    });
  }

  async #sbatchWithRetries(
    args: readonly string[],
    script: string,
    env: Record<string, string>,
  ): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return parseJobId(args, await this.#cli.run("sbatch", args, script, env));
      } catch (error) {
        const retry = error instanceof SlurmCommandError && error.transient;
        if (!retry || attempt >= this.#options.submitRetries) throw error;
        const delay = this.#options.submitRetryDelayMs * 2 ** attempt;
        log.warn(`${error.message}; retrying in ${delay} ms`);
        await new Promise((done) => setTimeout(done, delay));
      }
    }
  }
}

/**
 * Writes each spec next to its job, with its hash for the batch script, and creates a fresh logs folder
 * per `spec.logs` for this submission (`logDir`).
 */
async function writeTasks(specs: readonly JobSpec[]): Promise<ScriptTask[]> {
  const token = `slurm-${Date.now().toString(36)}-${randomBytes(6).toString("hex")}`;
  const logFolders = new Map<string, Promise<string>>();
  return Promise.all(
    specs.map(async (spec, i): Promise<ScriptTask> => {
      let logDir = logFolders.get(spec.logs);
      if (logDir === undefined) {
        logDir = makeLogsFolder(spec, token);
        logFolders.set(spec.logs, logDir);
      }
      const written = writeSpecFile(spec, specs.length > 1 ? `${token}-${i}` : token);
      return {
        specPath: written.path,
        specSha256: written.sha256,
        cwd: resolve(spec.cwd ?? process.cwd()),
        logDir: await logDir,
      };
    }),
  );
}

/** `sbatch --parsable` prints `<jobid>` or `<jobid>;<cluster>`. */
function parseJobId(args: readonly string[], stdout: string): string {
  const id = stdout.trim().split(";")[0] ?? "";
  if (/^\d+$/.test(id)) return id;
  const why = `printed ${JSON.stringify(stdout)} instead of a job id`;
  throw new SlurmCommandError(["sbatch", ...args].join(" "), "", 0, why, undefined);
}

/** Indices of the specs, grouped by identical resources (each group can be one job array). */
function groupByResources(specs: readonly JobSpec[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const [index, spec] of specs.entries()) {
    const key = JSON.stringify(spec.resources);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [index]);
    else group.push(index);
  }
  return [...groups.values()];
}

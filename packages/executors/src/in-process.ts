import { newJobId } from "./job-id.js";
import { newJobRecord, RecordedJob } from "./recorded-job.js";
import { runHandler } from "./run-handler.js";
import type { Executor, JobOutcome, JobSpec, JobState } from "./types.js";
import { reattachByPid } from "./watched-pid.js";

/** In-process jobs of this process, so that reattaching from the same process finds the live job. */
const live = new Map<string, InProcessJob>();

/** A job that runs its handler inside this process, at once or when first awaited (`lazy`). */
class InProcessJob extends RecordedJob {
  readonly #spec: JobSpec;
  #state: JobState = "pending";
  #outcome: Promise<JobOutcome> | undefined;

  constructor(executor: string, spec: JobSpec, lazy: boolean) {
    super(newJobRecord(executor, newJobId("i"), { detail: { ownerPid: process.pid } }));
    this.#spec = spec;
    if (!lazy) void this.wait();
  }

  wait(): Promise<JobOutcome> {
    if (this.#outcome === undefined) {
      live.set(this.jobId, this);
      this.#outcome = this.#run().finally(() => live.delete(this.jobId));
    }
    return this.#outcome;
  }

  async #run(): Promise<JobOutcome> {
    this.#state = "running";
    try {
      await runHandler(this.#spec);
      this.#state = "completed";
      return { state: "completed" };
    } catch (error) {
      this.#state = "failed";
      return { state: "failed", message: error instanceof Error ? error.message : String(error) };
    }
  }

  async state(): Promise<JobState> {
    return this.#state;
  }

  /** An in-process job cannot be interrupted; a lazy one that has not started is dropped. */
  async cancel(): Promise<void> {
    if (this.#outcome === undefined) {
      this.#state = "cancelled";
      this.#outcome = Promise.resolve({ state: "cancelled", message: "cancelled before it started" });
    }
  }
}

/** Builds an in-process executor: `local` runs jobs at once, `debug` when their outcome is awaited. */
export function inProcessExecutor(name: string, lazy: boolean): Executor {
  return {
    name,
    inProcess: true,
    async submit(spec) {
      return new InProcessJob(name, spec, lazy);
    },
    async submitMany(specs) {
      return specs.map((spec) => new InProcessJob(name, spec, lazy));
    },
    reattach: (record) => live.get(record.jobId) ?? reattachByPid(record, "ownerPid"),
  };
}

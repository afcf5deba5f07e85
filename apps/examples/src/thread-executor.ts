// A third-party-style executor: runs jobs in worker threads. An outside package would publish exactly
// this against @exca/executors' public interface, and users would select it with `cluster: "threads"`.

import { Worker } from "node:worker_threads";
import {
  type Executor,
  type Job,
  type JobOutcome,
  type JobSpec,
  newJobRecord,
  RecordedJob,
  registerExecutor,
} from "@exca/executors";

// Declares the name to the compiler (declaration merging), so that `cluster: "threads"` type-checks
// wherever this module is part of the program.
declare module "@exca/executors" {
  interface ExcaClusters {
    threads: true;
  }
}

const ENTRY = new URL("./thread-entry.js", import.meta.url);
let next = 0;

/** RecordedJob does the bookkeeping (id, record, logs, done); a job says how it runs, ends and stops. */
class ThreadJob extends RecordedJob {
  readonly #outcome: Promise<JobOutcome>;
  #done = false;

  constructor(spec: JobSpec) {
    super(newJobRecord("threads", `thread-${process.pid}-${next++}`, { detail: { ownerPid: process.pid } }));
    const worker = new Worker(ENTRY, { workerData: spec });
    this.#outcome = new Promise<JobOutcome>((resolve) => {
      worker.once("message", (message: { ok: boolean; error?: string }) =>
        resolve(
          message.ok ? { state: "completed" } : { state: "failed", message: message.error ?? "failed" },
        ),
      );
      worker.once("error", (error) => resolve({ state: "failed", message: error.message }));
      worker.once("exit", (code) =>
        resolve(
          code === 0 ? { state: "completed" } : { state: "failed", message: `thread exited with ${code}` },
        ),
      );
    }).finally(() => {
      this.#done = true;
    });
  }

  wait(): Promise<JobOutcome> {
    return this.#outcome;
  }
  async state(): Promise<"running" | JobOutcome["state"]> {
    return this.#done ? (await this.#outcome).state : "running";
  }
  async cancel(): Promise<void> {}
}

/** Registers `cluster: "threads"`. */
export function registerThreadExecutor(): void {
  registerExecutor("threads", (): Executor => {
    const submit = async (spec: JobSpec): Promise<Job> => new ThreadJob(spec);
    return {
      name: "threads",
      inProcess: false,
      submit,
      submitMany: (specs) => Promise.all(specs.map(submit)),
      reattach: (record) => {
        throw new Error(`thread job ${record.jobId} ended with the process that ran it`);
      },
    };
  });
}

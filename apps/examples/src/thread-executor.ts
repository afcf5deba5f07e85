// A third-party-style executor: runs jobs in worker threads. An outside package would publish exactly
// this against @exca/executors' public interface, and users would select it with `cluster: "threads"`.

import { hostname } from "node:os";
import { Worker } from "node:worker_threads";
import {
  type Executor,
  type Job,
  type JobOutcome,
  type JobRecord,
  type JobSpec,
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

class ThreadJob implements Job {
  readonly jobId = `thread-${process.pid}-${next++}`;
  readonly executor = "threads";
  readonly #outcome: Promise<JobOutcome>;
  #done = false;
  readonly #submittedAt = new Date().toISOString();

  constructor(spec: JobSpec) {
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
  async done(): Promise<boolean> {
    return this.#done;
  }
  async cancel(): Promise<void> {}
  async stdout(): Promise<string> {
    return "";
  }
  async stderr(): Promise<string> {
    return "";
  }
  record(): JobRecord {
    return {
      executor: "threads",
      jobId: this.jobId,
      host: hostname(),
      submittedAt: this.#submittedAt,
      detail: { ownerPid: process.pid },
    };
  }
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

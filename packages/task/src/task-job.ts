import { isAbsolute, relative } from "node:path";
import { getLogger } from "@exca/config";
import { getExecutor, type Job, type JobOutcome } from "@exca/executors";
import type { InfraContext, Stored } from "@exca/infra";
import { jobLogsFolder } from "@exca/infra";
import { TaskError } from "./errors.js";

const log = getLogger("task");

const POLL_MS = 50;

/**
 * The job of a task, as users see it: `result()` gives the value (from RAM or the uid folder) or
 * throws a `TaskError`. Wraps an executor job, or none when the result was already cached.
 */
export class TaskJob<T = unknown> {
  readonly #context: InfraContext;
  readonly #inner: Job | undefined;
  /** True when this process submitted the job and is told when it ends; false when watching another's. */
  readonly #own: boolean;
  #ended: Promise<JobOutcome | undefined> | undefined;

  constructor(context: InfraContext, inner: Job | undefined, own: boolean) {
    this.#context = context;
    this.#inner = inner;
    this.#own = own;
  }

  /** The executor's job id ("cached" when the result came from the cache). */
  get jobId(): string {
    return this.#inner?.jobId ?? "cached";
  }

  /** Waits until the job has ended. */
  async wait(): Promise<void> {
    await this.#outcome();
  }

  #outcome(): Promise<JobOutcome | undefined> {
    this.#ended ??= this.#watch();
    return this.#ended;
  }

  async #watch(): Promise<JobOutcome | undefined> {
    if (this.#inner === undefined) return undefined;
    if (this.#own) return this.#inner.wait();
    // Another process runs it: its result lands in the folder, possibly while that process lives on.
    for (;;) {
      if ((await this.#stored()) !== undefined) return undefined;
      if (await this.#inner.done()) return this.#inner.wait();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async #stored(): Promise<Stored | undefined> {
    const { state, infra } = this.#context;
    if (state.ram !== undefined) return state.ram;
    if (infra.folder === undefined) return undefined;
    const stored = await this.#context.results().read();
    if (stored !== undefined && infra.keepInRam) state.ram = stored;
    return stored;
  }

  /** True once the job has ended. */
  async done(): Promise<boolean> {
    if (this.#inner === undefined || (await this.#stored()) !== undefined) return true;
    return this.#inner.done();
  }

  /**
   * The job's outcome, or undefined as soon as its result is stored, whichever comes first. A result is
   * final once stored, while the scheduler may report the job's end much later: on Slurm, the next sacct
   * poll came 0.3-1 s after the worker had written the result (measured on the local cluster: one trivial
   * task took 1.1 s submit to result, 0.6 s when the result folder is watched as well).
   */
  #outcomeOrResult(): Promise<JobOutcome | undefined> {
    const outcome = this.#outcome();
    const { infra } = this.#context;
    if (this.#inner === undefined || !this.#own || infra.folder === undefined) return outcome;
    // In-process jobs settle as soon as the result is stored, and a child process's exit is seen at once;
    // only schedulers polled for the end (Slurm) answer late, and say so. With child processes, returning
    // before the worker's exit also changed the interleaving enough that the 8-driver concurrency test
    // computed a task twice in 2 of 13 runs (0 of 8 without): not worth it where it gains nothing.
    if (getExecutor(infra.cluster).reportsEndLate !== true) return outcome;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const poll = (): void => {
        timer = setTimeout(async () => {
          try {
            if ((await this.#stored()) !== undefined) return resolve(undefined);
          } catch {
            return; // an unreadable result: the job's outcome decides
          }
          if (!ended) poll();
        }, POLL_MS);
      };
      const stop = (): void => {
        ended = true;
        clearTimeout(timer);
      };
      outcome.then(resolve, reject).finally(stop);
      poll();
    });
  }

  /** The task's value; a failure is thrown as a TaskError (with the original name, message, stack and logs). */
  async result(): Promise<T> {
    const outcome = await this.#outcomeOrResult();
    const stored = await this.#stored();
    if (stored?.ok) return stored.value as T;
    const logs = this.#logs();
    const folder = this.#context.infra.folder === undefined ? undefined : this.#context.uidFolder();
    if (stored !== undefined)
      throw new TaskError(stored.error, {
        folder,
        logs,
        cached: folder !== undefined,
        cause: stored.original,
      });
    let message = outcome?.message ?? "the job ended without a result";
    // A worker that failed before storing anything (e.g. importing the module) says why on its stderr.
    if (outcome?.state === "failed") {
      const reason = workerFailure(await this.stderr().catch(() => ""));
      if (reason !== undefined) message += `: ${reason}`;
    }
    const name =
      outcome?.state === "timeout"
        ? "TimeoutError"
        : outcome?.state === "cancelled"
          ? "CancelledError"
          : "JobError";
    throw new TaskError(
      { name, message: `job ${this.jobId} ${outcome?.state ?? "failed"}: ${message}` },
      { folder, logs },
    );
  }

  /** Stops the job if it still runs. */
  async cancel(): Promise<void> {
    await this.#inner?.cancel();
  }

  async stdout(): Promise<string> {
    return this.#readsLog("stdoutPath") ? ((await this.#inner?.stdout()) ?? "") : "";
  }

  async stderr(): Promise<string> {
    return this.#readsLog("stderrPath") ? ((await this.#inner?.stderr()) ?? "") : "";
  }

  /**
   * A job found from its record (the job record, which others may have written) has its log read only when the
   * path lies in the task's logs folder: a crafted record could name any file of the user's.
   */
  #readsLog(key: "stdoutPath" | "stderrPath"): boolean {
    if (this.#own || this.#inner === undefined) return true;
    const path = this.#inner.record()[key];
    if (path === undefined) return true;
    const logs = jobLogsFolder(this.#context); // the spec's `logs`, where executors write
    const inside = relative(logs, path);
    if (inside !== "" && !inside.startsWith("..") && !isAbsolute(inside)) return true;
    log.warn(`not reading ${path}: the job record names a log outside ${logs}`);
    return false;
  }

  #logs(): { stdout?: string; stderr?: string } {
    const record = this.#inner?.record();
    return { stdout: record?.stdoutPath, stderr: record?.stderrPath };
  }
}

const WORKER_FAILURE = "exca worker: job failed: ";

/** The first line of the failure an exca worker reported last on its stderr, if any. */
function workerFailure(stderr: string): string | undefined {
  const at = stderr.lastIndexOf(WORKER_FAILURE);
  if (at < 0) return undefined;
  const start = at + WORKER_FAILURE.length;
  const end = stderr.indexOf("\n", start);
  return stderr.slice(start, end < 0 ? undefined : end);
}

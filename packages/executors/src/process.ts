import type { ChildProcess } from "node:child_process";
import { closeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { getLogger } from "@exca/config";
import { newJobId } from "./job-id.js";
import { processStartTime, signalTree } from "./pid.js";
import { newJobRecord, RecordedJob } from "./recorded-job.js";
import { makeFolderWithMode, openNew, ownerWritableMode, writeNewAtomic } from "./safe-files.js";
import { Semaphore } from "./semaphore.js";
import { writeSpecFile } from "./spec-file.js";
import {
  type Executor,
  type ExecutorOptions,
  isEnded,
  type Job,
  type JobOutcome,
  type JobSpec,
  type JobState,
} from "./types.js";
import { reattachByPid } from "./watched-pid.js";

const log = getLogger("process");
const WORKER = new URL("./worker.js", import.meta.url);
/** Seconds between SIGTERM and SIGKILL on cancel. */
const KILL_GRACE_MS = 3000;

/** A job run by a child Node process started with this process's loader flags (so `.ts` modules work under tsx). */
class ChildJob extends RecordedJob {
  readonly #spec: JobSpec;
  #state: JobState = "pending";
  #child: ChildProcess | undefined;
  #stopReason: "cancelled" | "timeout" | undefined;
  #settle!: (outcome: JobOutcome) => void;
  readonly #outcome: Promise<JobOutcome> = new Promise((resolve) => {
    this.#settle = resolve;
  });

  constructor(spec: JobSpec) {
    const jobId = newJobId("p");
    const { logs } = spec;
    super(
      newJobRecord("process", jobId, {
        stdoutPath: join(logs, `${jobId}.out`),
        stderrPath: join(logs, `${jobId}.err`),
        detail: {
          ownerPid: process.pid,
          ownerPidStart: processStartTime(process.pid) ?? "",
          pidFile: join(logs, `${jobId}.pid`),
        },
      }),
    );
    this.#spec = spec;
  }

  /** Starts the child once a slot is free; resolves when it is spawned (or was cancelled before). */
  async start(slots: Semaphore): Promise<void> {
    const release = slots.tryAcquire() ?? (await slots.acquire());
    void this.#outcome.then(release);
    if (this.#stopReason !== undefined) return;
    try {
      await this.#spawn();
    } catch (error) {
      this.#finish({ state: "failed", message: `could not start: ${(error as Error).message}` });
    }
  }

  async #spawn(): Promise<void> {
    // Loaded on first use: child_process (with net and dgram) adds ~3 ms to every process start.
    const { spawn } = await import("node:child_process");
    const spec = writeSpecFile(this.#spec, this.jobId);
    const { permissions } = this.#spec;
    makeFolderWithMode(this.#spec.logs, permissions);
    const out = openLog(this.jobRecord.stdoutPath!, this.#spec);
    const err = openLog(this.jobRecord.stderrPath!, this.#spec);
    try {
      this.#child = spawn(process.execPath, [...process.execArgv, WORKER.pathname, spec.path, spec.sha256], {
        detached: true,
        cwd: this.#spec.cwd ?? process.cwd(),
        stdio: ["ignore", out, err],
        env: { ...process.env, EXCA_JOB_ID: this.jobId },
      });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    const child = this.#child;
    child.once("error", (error) =>
      this.#finish({ state: "failed", message: `could not start: ${error.message}` }),
    );
    child.once("exit", (code, signal) => this.#finish(this.#outcomeOf(code, signal)));
    if (child.pid !== undefined) {
      const pidStart = processStartTime(child.pid) ?? "";
      this.jobRecord.detail = { ...this.jobRecord.detail, pid: child.pid, pidStart };
      const pidFile = String(this.jobRecord.detail.pidFile);
      const mode = ownerWritableMode(permissions);
      writeNewAtomic(pidFile, JSON.stringify({ pid: child.pid, pidStart }), mode, permissions !== undefined);
      this.#state = "running";
    }
    const timeoutMin = this.#spec.resources.timeoutMin;
    if (timeoutMin !== undefined && timeoutMin > 0) {
      const timer = setTimeout(() => this.#stop("timeout"), timeoutMin * 60_000);
      void this.#outcome.then(() => clearTimeout(timer));
    }
  }

  #outcomeOf(code: number | null, signal: NodeJS.Signals | null): JobOutcome {
    if (this.#stopReason === "timeout") {
      return { state: "timeout", message: `stopped after timeoutMin=${this.#spec.resources.timeoutMin}` };
    }
    if (this.#stopReason === "cancelled") return { state: "cancelled", message: "cancelled" };
    if (code === 0) return { state: "completed" };
    return {
      state: "failed",
      message: signal === null ? `worker exited with code ${code}` : `worker killed by ${signal}`,
    };
  }

  #finish(outcome: JobOutcome): void {
    if (isEnded(this.#state)) return;
    this.#state = outcome.state;
    log.debug(`job ${this.jobId} ${outcome.state}${outcome.message ? `: ${outcome.message}` : ""}`);
    this.#settle(outcome);
  }

  #stop(reason: "cancelled" | "timeout"): void {
    this.#stopReason ??= reason;
    const child = this.#child;
    if (child?.pid === undefined) {
      this.#finish({ state: reason, message: `${reason} before it started` });
      return;
    }
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalTree(child.pid, "SIGTERM");
    const pid = child.pid;
    const timer = setTimeout(() => signalTree(pid, "SIGKILL"), KILL_GRACE_MS);
    timer.unref();
    void this.#outcome.then(() => clearTimeout(timer));
  }

  wait(): Promise<JobOutcome> {
    return this.#outcome;
  }

  async state(): Promise<JobState> {
    return this.#state;
  }

  async cancel(): Promise<void> {
    if (await this.done()) return;
    this.#stop("cancelled");
    await this.#outcome;
  }
}

/**
 * Creates a log file for appending, with the spec's permissions minus others' write; a name that exists
 * (a symlink planted by someone else in a shared folder) is refused rather than followed.
 */
function openLog(path: string, spec: JobSpec): number {
  const exact = spec.permissions !== undefined;
  return openNew(path, ownerWritableMode(spec.permissions), { append: true, exact });
}

/** The `process` executor: each job in its own child Node process, at most `maxConcurrent` at once. */
export function processExecutor(options: ExecutorOptions = {}): Executor {
  const slots = new Semaphore(options.maxConcurrent ?? availableParallelism());
  const live = new Map<string, ChildJob>();
  const submit = async (spec: JobSpec): Promise<Job> => {
    const job = new ChildJob(spec);
    live.set(job.jobId, job);
    void job.wait().then(() => live.delete(job.jobId));
    // With a free slot, return once the child is spawned (so that its pid is on record); a queued job
    // is returned pending, and starts when a slot frees up.
    const free = slots.free > 0;
    const started = job.start(slots);
    started.catch((error: unknown) => log.error(`job ${job.jobId} could not start`, error));
    if (free) await started;
    return job;
  };
  return {
    name: "process",
    inProcess: false,
    submit,
    submitMany: (specs) => Promise.all(specs.map(submit)),
    reattach: (record) => live.get(record.jobId) ?? reattachByPid(record, "pid"),
  };
}

import { type JobOutcome, type JobRecord, type JobState, RecordedJob } from "@exca/executors";
import type { SlurmCli } from "./cli.js";
import { SlurmCommandError } from "./errors.js";
import { isFinal, jobState, outcomeOf, type SlurmStatus } from "./states.js";
import type { StateWatcher } from "./watcher.js";

/** scancel says this about jobs that have ended already: nothing to do. */
const GONE = /already completing or completed|invalid job id/i;

/** A Slurm job (or array task), submitted by this process or found again from its record. */
export class SlurmJob extends RecordedJob {
  readonly #watcher: StateWatcher;
  readonly #cli: SlurmCli;
  #outcome: Promise<JobOutcome> | undefined;

  constructor(record: JobRecord, watcher: StateWatcher, cli: SlurmCli) {
    super(record);
    this.#watcher = watcher;
    this.#cli = cli;
  }

  wait(): Promise<JobOutcome> {
    this.#outcome ??= this.#watcher.ended(this.jobId).then((status) => this.#outcomeOf(status));
    return this.#outcome;
  }

  async state(): Promise<JobState> {
    const status = await this.#watcher.status(this.jobId);
    return isFinal(status) ? this.#outcomeOf(status).state : jobState(status);
  }

  #outcomeOf(status: SlurmStatus): JobOutcome {
    const timeoutMin = this.jobRecord.detail?.timeoutMin;
    return outcomeOf(this.jobId, status, timeoutMin === undefined ? undefined : Number(timeoutMin));
  }

  /** `scancel`, then waits until Slurm reports the job ended. */
  async cancel(): Promise<void> {
    if (await this.done()) return;
    try {
      await this.#cli.run("scancel", [this.jobId]);
    } catch (error) {
      if (!(error instanceof SlurmCommandError && GONE.test(error.stderr))) throw error;
    }
    this.#watcher.poke();
    await this.wait();
  }
}

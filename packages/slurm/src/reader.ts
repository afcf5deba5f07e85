import { getLogger } from "@exca/config";
import type { SlurmCli } from "./cli.js";
import { SlurmCommandError } from "./errors.js";
import type { StateSource } from "./options.js";
import { baseId, parseSacct, parseSqueue } from "./parse.js";
import { mayBeRequeued, NOT_FOUND, type SlurmStatus } from "./states.js";

const log = getLogger("slurm");

/** A job the reader is asked about, and since when it is watched. */
export interface Watched {
  id: string;
  since: number;
}

/**
 * Reads the states of many jobs at once: one `sacct` call for all of them, plus one `squeue` call for
 * the jobs sacct cannot tell about (not recorded yet, preempted or node failed, or accounting disabled).
 */
export class StateReader {
  readonly #cli: SlurmCli;
  readonly #graceMs: number;
  #source: StateSource;
  #lastWarning = "";

  constructor(cli: SlurmCli, source: StateSource, graceMs: number) {
    this.#cli = cli;
    this.#source = source;
    this.#graceMs = graceMs;
  }

  /** The statuses Slurm knows of; jobs it has no word on yet are left out. */
  async read(jobs: readonly Watched[]): Promise<Map<string, SlurmStatus>> {
    const fromSacct = this.#source === "squeue" ? undefined : await this.#sacct(jobs);
    const statuses = fromSacct ?? new Map<string, SlurmStatus>();
    const now = Date.now();
    const unsure = jobs.filter((job) => {
      const status = statuses.get(job.id);
      // A job preempted or whose node failed may have been requeued: squeue knows if it is pending again.
      if (status !== undefined) return mayBeRequeued(status);
      return fromSacct === undefined || now - job.since >= this.#graceMs;
    });
    if (unsure.length === 0) return statuses;
    const live = await this.#squeue(unsure);
    for (const job of unsure) {
      const status = live?.get(job.id);
      if (status !== undefined) statuses.set(job.id, status);
      else if (live !== undefined && !statuses.has(job.id)) statuses.set(job.id, { state: NOT_FOUND });
    }
    return statuses;
  }

  async #sacct(jobs: readonly Watched[]): Promise<Map<string, SlurmStatus> | undefined> {
    const args = ["--parsable2", "--noheader", "--allusers", "--allocations"];
    args.push("--format=JobID,State,ExitCode", `--jobs=${idList(jobs)}`);
    try {
      const statuses = parseSacct(await this.#cli.run("sacct", args));
      this.#lastWarning = "";
      return statuses;
    } catch (error) {
      const disabled =
        error instanceof SlurmCommandError && /accounting storage is disabled/i.test(error.stderr);
      if (disabled && this.#source === "auto") {
        log.info("Slurm accounting is disabled: job states come from squeue from now on");
        this.#source = "squeue";
      } else {
        this.#warn(`${(error as Error).message}; asking squeue instead`);
      }
      return undefined;
    }
  }

  /** Statuses from squeue; undefined when squeue failed. squeue fails when it knows none of the jobs. */
  async #squeue(jobs: readonly Watched[]): Promise<Map<string, SlurmStatus> | undefined> {
    const args = ["--noheader", "--array", "--states=all", `--jobs=${idList(jobs)}`];
    args.push("--Format=JobArrayID:|,State:|,exit_code:|");
    try {
      return parseSqueue(await this.#cli.run("squeue", args));
    } catch (error) {
      if (error instanceof SlurmCommandError && /invalid job id/i.test(error.stderr)) return new Map();
      this.#warn((error as Error).message);
      return undefined;
    }
  }

  /** Warns once per distinct problem, not at every poll. */
  #warn(message: string): void {
    if (message !== this.#lastWarning) log.warn(message);
    this.#lastWarning = message;
  }
}

/** The distinct job ids (array job ids for array tasks) to pass to `--jobs`. */
function idList(jobs: readonly Watched[]): string {
  return [...new Set(jobs.map((job) => baseId(job.id)))].join(",");
}

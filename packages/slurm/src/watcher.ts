import { getLogger } from "@exca/config";
import { type Deferred, deferred } from "./deferred.js";
import type { Watched } from "./reader.js";
import { isFinal, type SlurmStatus } from "./states.js";

const log = getLogger("slurm");
/** Final states remembered for jobs found again later; the oldest are forgotten past this. */
const FINAL_KEPT = 10_000;
/** Shortest pause between two polls, in ms, whatever asks for one. */
const MIN_GAP_MS = 100;

/** How often to poll: `first` ms after jobs are added, then `factor` times longer each time, up to `max`. */
export interface PollTiming {
  first: number;
  max: number;
  factor: number;
}

interface Entry extends Watched {
  status?: SlurmStatus;
  /** Settled after the first poll that included the job. */
  seen: Deferred<void>;
  final: Deferred<SlurmStatus>;
}

/**
 * Follows the states of all the jobs of a process with ONE query per polling interval, whatever their
 * number. The interval starts short when jobs are added and backs off to `max`. The timer keeps the
 * process alive only while someone waits for a job.
 */
export class StateWatcher {
  /** Polls so far (one batched query each). */
  polls = 0;
  readonly #read: (jobs: readonly Watched[]) => Promise<Map<string, SlurmStatus>>;
  readonly #timing: PollTiming;
  readonly #jobs = new Map<string, Entry>();
  readonly #final = new Map<string, SlurmStatus>();
  #interval: number;
  #timer: NodeJS.Timeout | undefined;
  #dueAt = Number.POSITIVE_INFINITY;
  #wantedAt = Number.POSITIVE_INFINITY;
  #lastPollAt = 0;
  #polling = false;
  #holds = 0;

  constructor(read: (jobs: readonly Watched[]) => Promise<Map<string, SlurmStatus>>, timing: PollTiming) {
    this.#read = read;
    this.#timing = timing;
    this.#interval = timing.first;
  }

  /** Jobs being followed now. */
  get size(): number {
    return this.#jobs.size;
  }

  /**
   * Follows a job; `known` is its state when the caller knows it (pending, just submitted); `since` is
   * when it was submitted, if earlier than now (a job found again from its record).
   */
  watch(id: string, known?: SlurmStatus, since?: number): void {
    this.#entry(id, known, since);
  }

  /** The job's latest status; when none is known yet, the one of the next poll. */
  async status(id: string): Promise<SlurmStatus> {
    const final = this.#final.get(id);
    if (final !== undefined) return final;
    const entry = this.#entry(id);
    if (entry.status === undefined) await this.#hold(entry.seen.promise, 0);
    return this.#final.get(id) ?? entry.status ?? { state: "PENDING" };
  }

  /** Resolves with the job's final status. */
  async ended(id: string): Promise<SlurmStatus> {
    const final = this.#final.get(id);
    if (final !== undefined) return final;
    return this.#hold(this.#entry(id).final.promise);
  }

  /** Polls soon and restarts the back-off (after a cancel, for instance). */
  poke(): void {
    this.#interval = this.#timing.first;
    this.#schedule(this.#timing.first);
  }

  #entry(id: string, known?: SlurmStatus, since?: number): Entry {
    let entry = this.#jobs.get(id);
    if (entry === undefined) {
      entry = { id, since: since ?? Date.now(), seen: deferred(), final: deferred() };
      if (known !== undefined) entry.status = known;
      this.#jobs.set(id, entry);
      this.poke();
    }
    return entry;
  }

  async #hold<T>(promise: Promise<T>, delay?: number): Promise<T> {
    this.#holds++;
    this.#schedule(delay ?? this.#interval);
    try {
      return await promise;
    } finally {
      this.#holds--;
      this.#refTimer();
    }
  }

  #schedule(delay: number): void {
    const at = Math.max(Date.now() + delay, this.#lastPollAt + MIN_GAP_MS);
    if (this.#polling) {
      this.#wantedAt = Math.min(this.#wantedAt, at);
    } else if (this.#timer === undefined || at < this.#dueAt) {
      clearTimeout(this.#timer);
      this.#dueAt = at;
      this.#timer = setTimeout(() => void this.#poll(), at - Date.now());
    }
    this.#refTimer();
  }

  #refTimer(): void {
    if (this.#holds > 0) this.#timer?.ref();
    else this.#timer?.unref();
  }

  async #poll(): Promise<void> {
    this.#timer = undefined;
    const entries = [...this.#jobs.values()];
    if (entries.length === 0) return;
    this.#polling = true;
    this.#lastPollAt = Date.now();
    this.polls++;
    try {
      const statuses = await this.#read(entries.map(({ id, since }) => ({ id, since })));
      for (const entry of entries) this.#update(entry, statuses.get(entry.id));
    } catch (error) {
      log.warn(`could not read the states of ${entries.length} Slurm jobs`, error);
    } finally {
      for (const entry of entries) entry.seen.resolve();
      this.#polling = false;
      this.#interval = Math.min(this.#interval * this.#timing.factor, this.#timing.max);
      const wanted = this.#wantedAt;
      this.#wantedAt = Number.POSITIVE_INFINITY;
      if (this.#jobs.size > 0) this.#schedule(Math.min(this.#interval, wanted - Date.now()));
    }
  }

  #update(entry: Entry, status: SlurmStatus | undefined): void {
    if (status === undefined) return;
    entry.status = status;
    if (!isFinal(status)) return;
    this.#jobs.delete(entry.id);
    this.#final.set(entry.id, status);
    if (this.#final.size > FINAL_KEPT) this.#final.delete(this.#final.keys().next().value!);
    entry.final.resolve(status);
  }
}

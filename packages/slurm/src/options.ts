import type { ExecutorOptions } from "@exca/executors";

/** Where job states come from. */
export type StateSource = "auto" | "sacct" | "squeue";

/** Options of {@link slurmExecutor}. `maxConcurrent` caps the array tasks running at once (`--array=0-N%P`). */
export interface SlurmExecutorOptions extends ExecutorOptions {
  /** First interval between two state polls, in ms; it grows after each poll and resets when jobs are added. @default 1000 */
  pollIntervalMs?: number;
  /** Longest interval between two state polls, in ms. @default 15000 */
  maxPollIntervalMs?: number;
  /** Factor the polling interval grows by after each poll. @default 1.5 */
  pollBackoff?: number;
  /**
   * `sacct` (asking `squeue` only about jobs sacct does not know yet), `squeue` (clusters without
   * accounting), or `auto`: sacct, switching to squeue for good once sacct says accounting is disabled.
   * @default "auto"
   */
  stateSource?: StateSource;
  /** A job sacct has no row for after this many ms is looked up with squeue. @default 5000 */
  sacctGraceMs?: number;
  /** Largest job array of one sbatch call; longer ones are split. @default the cluster's MaxArraySize */
  maxArraySize?: number;
  /** Retries of an sbatch call that failed with a transient error (socket timeout, busy controller). @default 2 */
  submitRetries?: number;
  /** Pause before the first retry of sbatch, in ms; doubles at each retry. @default 1000 */
  submitRetryDelayMs?: number;
  /** Time limit of one Slurm command, in ms. @default 60000 */
  commandTimeoutMs?: number;
}

/** {@link SlurmExecutorOptions} with every default filled in. */
export type ResolvedOptions = Required<Omit<SlurmExecutorOptions, "maxConcurrent" | "maxArraySize">> &
  Pick<SlurmExecutorOptions, "maxConcurrent" | "maxArraySize">;

/** Fills in the defaults and checks the numbers. */
export function resolveOptions(options: SlurmExecutorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    pollIntervalMs: 1000,
    maxPollIntervalMs: 15_000,
    pollBackoff: 1.5,
    stateSource: "auto",
    sacctGraceMs: 5000,
    submitRetries: 2,
    submitRetryDelayMs: 1000,
    commandTimeoutMs: 60_000,
    ...definedOnly(options),
  };
  for (const key of ["pollIntervalMs", "maxPollIntervalMs", "commandTimeoutMs"] as const) {
    if (!(resolved[key] > 0))
      throw new RangeError(`slurm executor: ${key} must be > 0, got ${resolved[key]}`);
  }
  if (!(resolved.pollBackoff >= 1)) throw new RangeError("slurm executor: pollBackoff must be >= 1");
  resolved.maxPollIntervalMs = Math.max(resolved.maxPollIntervalMs, resolved.pollIntervalMs);
  return resolved;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { isEnded, type JobOutcome, type JobState } from "@exca/executors";
import { timeLimitMin } from "./sbatch-args.js";

/** A job's state as Slurm reports it. */
export interface SlurmStatus {
  /** Slurm's state word (`PENDING`, `RUNNING`, `CANCELLED`...), or `NOT_FOUND` when Slurm has no record of the job. */
  state: string;
  /** `<exit code>:<signal>`, when known. */
  exitCode?: string;
  /** The full state text when it says more (`CANCELLED by 1000`). */
  detail?: string;
}

/** Exit code of a batch script whose worker ran past `timeoutMin` (GNU timeout's). */
export const WATCHDOG_EXIT = 124;

/** Set by this package when neither sacct nor squeue knows a job. */
export const NOT_FOUND = "NOT_FOUND";

const STATES: Record<string, JobState> = {
  PENDING: "pending",
  REQUEUED: "pending",
  REQUEUE_FED: "pending",
  REQUEUE_HOLD: "pending",
  RESV_DEL_HOLD: "pending",
  RUNNING: "running",
  COMPLETING: "running",
  CONFIGURING: "running",
  SUSPENDED: "running",
  STOPPED: "running",
  SIGNALING: "running",
  STAGE_OUT: "running",
  RESIZING: "running",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
  TIMEOUT: "timeout",
  // PREEMPTED (like NODE_FAIL) counts as failed once squeue confirms the job was not requeued.
  PREEMPTED: "failed",
};

/**
 * States sacct reports for a job that Slurm may have requeued (requeueable batch jobs are, by default):
 * for a few seconds sacct still shows the ended run, while squeue already shows the job PENDING again.
 */
const MAYBE_REQUEUED = new Set(["PREEMPTED", "NODE_FAIL"]);

/** True when only squeue can tell whether the job ended for good or was requeued (see {@link MAYBE_REQUEUED}). */
export function mayBeRequeued(status: SlurmStatus): boolean {
  return MAYBE_REQUEUED.has(status.state);
}

/** The executor state of a Slurm state; the unknown ones count as pending (they come and go). */
export function jobState(status: SlurmStatus): JobState {
  if (status.state in STATES) return STATES[status.state]!;
  return /^(FAILED|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|SPECIAL_EXIT|REVOKED|NOT_FOUND)$/.test(
    status.state,
  )
    ? "failed"
    : "pending";
}

/** True once the job will not change any more. */
export function isFinal(status: SlurmStatus): boolean {
  return isEnded(jobState(status));
}

/**
 * How a finished job ended, with a message naming the job and Slurm's state. `timeoutMin` is the job's:
 * a job that the batch script stopped past it counts as a timeout, like one that Slurm stopped.
 */
export function outcomeOf(jobId: string, status: SlurmStatus, timeoutMin?: number): JobOutcome {
  const job = `Slurm job ${jobId}`;
  if (timeoutMin !== undefined && status.state === "FAILED" && status.exitCode === `${WATCHDOG_EXIT}:0`)
    return {
      state: "timeout",
      message: `${job} ran past timeoutMin=${timeoutMin} and was stopped (TIMEOUT)`,
    };
  const state = jobState(status) as JobOutcome["state"];
  return state === "completed" ? { state } : { state, message: explain(jobId, status, timeoutMin) };
}

function explain(jobId: string, status: SlurmStatus, timeoutMin: number | undefined): string {
  const job = `Slurm job ${jobId}`;
  switch (status.state) {
    case "CANCELLED":
      return `${job} was cancelled (${status.detail ?? status.state})`;
    case "TIMEOUT":
      return `${job} reached its time limit${timeoutMin === undefined ? "" : ` of ${timeLimitMin({ timeoutMin })} min`} (TIMEOUT)`;
    case "OUT_OF_MEMORY":
      return `${job} ran out of memory (OUT_OF_MEMORY)`;
    case "NODE_FAIL":
      return `${job} failed because its node failed (NODE_FAIL)`;
    case NOT_FOUND:
      return `Slurm has no record of job ${jobId} (neither sacct nor squeue knows it)`;
    default:
      return `${job} ended ${status.detail ?? status.state}${exitText(status.exitCode)}`;
  }
}

function exitText(exitCode: string | undefined): string {
  if (exitCode === undefined) return "";
  const [code = "?", signal = "0"] = exitCode.split(":");
  return signal === "0" ? ` with exit code ${code}` : ` on signal ${signal}`;
}

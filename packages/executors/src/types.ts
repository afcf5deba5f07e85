/** Names a value exported by an ES module, so that any process can import it. */
export interface ModuleRef {
  /** `file://` URL (or package specifier) of the module. */
  moduleUrl: string;
  /** Name of the export. */
  exportName: string;
}

/** What a job asks for. Each executor uses what it understands and ignores the rest. */
export interface Resources {
  /** Wall-time limit in minutes; the job is stopped and reported as `timeout` past it. */
  timeoutMin?: number;
  cpusPerTask?: number;
  gpusPerNode?: number;
  memGb?: number;
  nodes?: number;
  tasksPerNode?: number;
  slurmPartition?: string;
  slurmAccount?: string;
  slurmQos?: string;
  slurmConstraint?: string;
  /** Extra `--key=value` sbatch options. */
  slurmAdditionalParameters?: Record<string, string | number | boolean>;
  /** Shell lines run before the worker (e.g. `module load cuda`). */
  slurmSetup?: string[];
}

/** Everything a process needs to rebuild a call and run it. Plain JSON: it is written to disk. */
export interface JobSpec {
  /** The function that runs the job in the worker: `(spec: JobSpec) => Promise<void>`. It writes results. */
  handler: ModuleRef;
  /** The config class. */
  target: ModuleRef;
  /** The validated config, as `toConfig(obj)` exports it. */
  config: Record<string, unknown>;
  /** The method to run. */
  method: string;
  /** The items, for maps. */
  items?: unknown[];
  /** An existing folder where the job keeps its files (its spec). */
  folder: string;
  /**
   * The folder of the job's log files (stdout, stderr), chosen by the infra (the cache folder's layout is
   * the infra's); the executor creates it, with `permissions`, and names the files in it.
   */
  logs: string;
  /**
   * Mode of the folders the executor creates in `folder` (e.g. `0o770`); its files get it without execute
   * bits, whatever the umask. @default the umask decides
   */
  permissions?: number;
  /** Working directory of the worker. @default the submitting process's */
  cwd?: string;
  /**
   * A copy of the code made for this job (the `workdir` option), in a folder others may write: the worker
   * imports the target from it only when the files on its path are the user's and writable by nobody else.
   */
  codeCopy?: string;
  /** A readable name (Slurm job name, log lines). */
  name: string;
  resources: Resources;
  /** Free data for the handler, e.g. where to write the result. */
  extra?: Record<string, unknown>;
}

/** Where a job is in its life. */
export type JobState = "pending" | "running" | "completed" | "failed" | "cancelled" | "timeout";

/** True for the states a job ends in (everything but `pending` and `running`). */
export function isEnded(state: JobState): state is JobOutcome["state"] {
  return state !== "pending" && state !== "running";
}

/** How a job ended. */
export interface JobOutcome {
  state: Exclude<JobState, "pending" | "running">;
  /** Why, for anything but `completed` (exit code, signal, scheduler reason). */
  message?: string;
}

/** What a process must persist to find a job again after the submitting process died. */
export interface JobRecord {
  executor: string;
  jobId: string;
  host: string;
  submittedAt: string;
  /** Log files, when the executor captures them. */
  stdoutPath?: string;
  stderrPath?: string;
  /** Executor-specific detail (pid and its start time, Slurm array index...). */
  detail?: Record<string, string | number>;
}

/** A submitted job. Results are written by the handler; the job only tells how it ended. */
export interface Job {
  readonly jobId: string;
  readonly executor: string;
  /** Resolves once the job has ended, with how it ended (a failed job resolves too). */
  wait(): Promise<JobOutcome>;
  /** The current state, without waiting. */
  state(): Promise<JobState>;
  /** True once the job has ended. */
  done(): Promise<boolean>;
  /** Stops the job if it still runs (SIGTERM, then SIGKILL; `scancel` on Slurm). */
  cancel(): Promise<void>;
  /** What the job printed so far on stdout ("" when not captured). */
  stdout(): Promise<string>;
  /** What the job printed so far on stderr ("" when not captured). */
  stderr(): Promise<string>;
  /** What to persist to reattach to this job later. */
  record(): JobRecord;
}

/** Runs jobs somewhere: in this process, in a child process, on a cluster. */
export interface Executor {
  /** The `cluster` value that selects it. */
  readonly name: string;
  /** True when jobs run inside this process (no worker process, results may stay in RAM). */
  readonly inProcess: boolean;
  /**
   * True when the executor learns that a job ended only by polling a scheduler, possibly long after the
   * job stored its result (Slurm: the next sacct poll). Infras then also watch for the stored result and
   * return it without waiting for the job's end. @default false
   */
  readonly reportsEndLate?: boolean;
  submit(spec: JobSpec): Promise<Job>;
  /** Submits several jobs at once (one Slurm array); executors without batching submit one by one. */
  submitMany(specs: readonly JobSpec[]): Promise<Job[]>;
  /** Finds a job again from its record, possibly from another process than the one that submitted it. */
  reattach(record: JobRecord): Job;
}

/** Options every executor factory receives. */
export interface ExecutorOptions {
  /** Jobs running at once; more wait as `pending`. @default the number of cores */
  maxConcurrent?: number;
}

/**
 * The executor names that `cluster` accepts, as keys (the values mean nothing). Holds the built-in ones;
 * a package that registers an executor adds its name by declaration merging, next to its
 * `registerExecutor` call (as `@exca/slurm` does for `slurm`):
 * ```ts
 * declare module "@exca/executors" {
 *   interface ExcaClusters { threads: true }
 * }
 * ```
 */
export interface ExcaClusters {
  /** In this process (what `cluster: null` means). */
  local: true;
  /** In this process, with the job's stdout/stderr and error handling of a real job. */
  debug: true;
  /** In a child Node process. */
  process: true;
}

/** A `cluster` name: `"auto"` or a name declared in {@link ExcaClusters} (a name nobody registered throws at run time). */
export type ClusterName = "auto" | (keyof ExcaClusters & string);

/** Builds an executor; registered under a `cluster` name. */
export type ExecutorFactory = (options: ExecutorOptions) => Executor;

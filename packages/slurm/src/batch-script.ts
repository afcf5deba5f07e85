import { HOST_NAME } from "./host.js";
import { WATCHDOG_EXIT } from "./states.js";

/** What one task of a batch script runs. */
export interface ScriptTask {
  /** Absolute path of the task's spec file. */
  specPath: string;
  /** SHA-256 of the spec file: the worker refuses a file that differs (the script is the trusted copy). */
  specSha256: string;
  /** Working directory of the worker. */
  cwd: string;
  /** Folder of the task's log files when the script must redirect them itself (arrays over several folders). */
  logDir?: string;
}

/** What every task of a batch script shares. */
export interface ScriptCommon {
  /** Node binary and options, then the worker entry. */
  command: readonly string[];
  /** Shell lines run before the worker (`slurmSetup`). */
  setup: readonly string[];
  name: string;
  /** `timeoutMin`: the worker is stopped past it, to the second (Slurm's own limit is in whole minutes). */
  timeoutMin?: number;
}

/** Picks the task of the array (0 in a plain job), and tells the worker its job id as the executor gives it. */
const PREAMBLE = `i=\${SLURM_ARRAY_TASK_ID:-0}
if [ -n "\${SLURM_ARRAY_JOB_ID:-}" ]; then export EXCA_JOB_ID="\${SLURM_ARRAY_JOB_ID}_$i"
else export EXCA_JOB_ID="$SLURM_JOB_ID"; fi`;

/** Quotes a string for bash. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The batch script of a job or job array: each task picks its spec by `SLURM_ARRAY_TASK_ID`, goes to
 * its working directory, runs the setup lines, then becomes the worker (so that scancel signals it).
 */
export function batchScript(tasks: readonly ScriptTask[], common: ScriptCommon): string {
  const lines = [
    "#!/bin/bash",
    `# exca job ${common.name}: ${tasks.length} task(s), submitted from ${HOST_NAME} by pid ${process.pid}`,
    PREAMBLE,
    ...pick("spec", tasks, (task) => task.specPath),
    ...pick("sha", tasks, (task) => task.specSha256),
    ...pick("dir", tasks, (task) => task.cwd),
  ];
  if (tasks.some((task) => task.logDir !== undefined)) {
    lines.push(...pick("logdir", tasks, (task) => task.logDir ?? ""));
    lines.push('exec >>"$logdir/$EXCA_JOB_ID.out" 2>>"$logdir/$EXCA_JOB_ID.err"');
  }
  lines.push('cd -- "$dir" || { echo "exca: cannot cd to $dir" >&2; exit 1; }');
  lines.push(...common.setup);
  lines.push(
    ...workerLines(`${common.command.map(shellQuote).join(" ")} "$spec" "$sha"`, common.timeoutMin),
    "",
  );
  return lines.join("\n");
}

/**
 * The script becomes the worker (so that Slurm signals it directly); with a `timeoutMin`, GNU timeout
 * runs it instead, and the script exits with {@link WATCHDOG_EXIT} when the worker ran past it (also
 * when the worker ignored SIGTERM and had to be killed).
 */
function workerLines(worker: string, timeoutMin: number | undefined): string[] {
  if (timeoutMin === undefined || !(timeoutMin > 0)) return [`exec ${worker}`];
  const seconds = Math.round(timeoutMin * 60_000) / 1000;
  return [
    "start=$SECONDS",
    `timeout --kill-after=10 ${seconds}s ${worker}`,
    "code=$?",
    `if [ "$code" -eq 137 ] && [ $((SECONDS - start)) -ge ${Math.floor(seconds)} ]; then code=${WATCHDOG_EXIT}; fi`,
    `if [ "$code" -eq ${WATCHDOG_EXIT} ]; then echo "exca: stopped job $EXCA_JOB_ID: it ran past timeoutMin=${timeoutMin} (TIMEOUT)" >&2; fi`,
    'exit "$code"',
  ];
}

/** `name=<value>` when all tasks share the value, else a bash array `names` and its task's item. */
function pick(name: string, tasks: readonly ScriptTask[], value: (task: ScriptTask) => string): string[] {
  const values = tasks.map(value);
  if (values.every((each) => each === values[0])) return [`${name}=${shellQuote(values[0] ?? "")}`];
  return [`${name}s=(${values.map(shellQuote).join(" ")})`, `${name}=\${${name}s[$i]}`];
}

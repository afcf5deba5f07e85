import { join } from "node:path";
import type { Resources } from "@exca/executors";

const NAME_LIMIT = 120;

/** How one sbatch call submits: a plain job (`tasks` 1) or an array, and where Slurm writes the logs. */
export interface SubmissionShape {
  name: string;
  /** Folder of the `<job id>.out/.err` files; undefined when the tasks redirect their own logs. */
  logsDir: string | undefined;
  tasks: number;
  /** Array tasks running at once (`%P`). */
  parallel?: number | undefined;
}

/** The sbatch options besides resources: `--parsable`, job name, log files, `--array=0-N[%P]`. */
export function sbatchArgs(shape: SubmissionShape): string[] {
  const array = shape.tasks > 1;
  const logs = (ext: string): string =>
    shape.logsDir === undefined ? "/dev/null" : join(shape.logsDir, `${array ? "%A_%a" : "%j"}.${ext}`);
  const args = ["--parsable", `--job-name=${shape.name}`, "--open-mode=append"];
  args.push(`--output=${logs("out")}`, `--error=${logs("err")}`);
  if (array)
    args.push(`--array=0-${shape.tasks - 1}${shape.parallel === undefined ? "" : `%${shape.parallel}`}`);
  return args;
}

/** The sbatch options a job's resources ask for (time, CPUs, GPUs, memory, partition, extra options). */
export function resourceArgs(resources: Resources): string[] {
  const args: string[] = [];
  const add = (option: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(`--${option}=${value}`);
  };
  add("time", timeLimitMin(resources));
  add("cpus-per-task", resources.cpusPerTask);
  if (resources.gpusPerNode !== undefined && resources.gpusPerNode > 0)
    add("gpus-per-node", resources.gpusPerNode);
  add("mem", resources.memGb === undefined ? undefined : memory(resources.memGb));
  add("nodes", resources.nodes);
  add("ntasks-per-node", resources.tasksPerNode);
  add("partition", resources.slurmPartition);
  add("account", resources.slurmAccount);
  add("qos", resources.slurmQos);
  add("constraint", resources.slurmConstraint);
  for (const [key, value] of Object.entries(resources.slurmAdditionalParameters ?? {})) {
    const option = key.replace(/^-+/, "").replaceAll("_", "-");
    if (value === true) args.push(`--${option}`);
    else if (value !== false) add(option, value);
  }
  return args;
}

/** `timeoutMin` as Slurm takes it: whole minutes, rounded up (Slurm has no shorter limit). */
export function timeLimitMin(resources: Resources): number | undefined {
  const { timeoutMin } = resources;
  return timeoutMin === undefined || !(timeoutMin > 0) ? undefined : Math.max(1, Math.ceil(timeoutMin));
}

function memory(gb: number): string {
  return Number.isInteger(gb) ? `${gb}G` : `${Math.ceil(gb * 1024)}M`;
}

/** A job name Slurm tools display well: letters, digits, `._-` and `=`, at most 120 characters. */
export function jobName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._=-]+/g, "_").replace(/^_+|_+$/g, "");
  return (clean === "" ? "exca" : clean).slice(0, NAME_LIMIT);
}

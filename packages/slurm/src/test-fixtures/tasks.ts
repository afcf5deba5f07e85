// Task classes of the Slurm end-to-end tests (a worker on a compute node imports this module).
import { appendFileSync } from "node:fs";
import { Config, Type } from "@exca/config";
import { TaskInfra } from "@exca/task";

/** What SlowTask returns: its value and where it ran. */
export interface Ran {
  value: number;
  pid: number;
  /** `$SLURM_JOB_ID` of the worker ("" outside Slurm). */
  slurmJobId: string;
  /** `$EXCA_JOB_ID`: the job id the executor gave (`<array>_<index>` for array tasks). */
  excaJobId: string;
}

/** Sleeps `ms`, appends a line to `countFile` (out of the uid) each time it computes, prints to both streams. */
export class SlowTask extends Config(
  {
    ms: Type.Integer({ default: 0 }),
    value: Type.Integer({ default: 7 }),
    countFile: Type.String({ default: "" }),
    infra: TaskInfra.field({ version: "1" }),
  },
  { excludeFromUid: ["countFile"] },
) {
  @TaskInfra.apply()
  async process(): Promise<Ran> {
    process.stdout.write(`computing ${this.value}\n`);
    process.stderr.write(`stderr of ${this.value}\n`);
    if (this.countFile !== "") appendFileSync(this.countFile, `${process.env.SLURM_JOB_ID}\n`);
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    const env = process.env;
    return {
      value: this.value,
      pid: process.pid,
      slurmJobId: env.SLURM_JOB_ID ?? "",
      excaJobId: env.EXCA_JOB_ID ?? "",
    };
  }
}

/** Fails inside its Slurm job, naming it: each computation fails with another message, which says where it ran. */
export class FailingTask extends Config({ infra: TaskInfra.field({ version: "1" }) }) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    throw new RangeError(`failure in Slurm job ${process.env.SLURM_JOB_ID ?? "(none)"}`);
  }
}

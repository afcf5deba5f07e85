// A user's TypeScript module, run under tsx: the class must run the same in a job as in the parent.
// `node --import tsx tutorial.ts <folder> [cluster]` (cluster: "process" by default; the Slurm tests run
// this same module with "slurm", @exca/slurm imported by `--import`).
import { pathToFileURL } from "node:url";
import { Config, Type } from "@exca/config";
import { TaskInfra } from "@exca/task";

interface Summary {
  doubled: number;
  runtime: string;
  /** `$SLURM_JOB_ID` of the job ("" outside Slurm). */
  slurmJobId: string;
}

export class TsTask extends Config({
  param: Type.Integer({ default: 2 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<Summary> {
    const doubled: number = this.param * 2;
    const runtime = process.env.EXCA_WORKER === "1" ? "worker" : "parent";
    return { doubled, runtime, slurmJobId: process.env.SLURM_JOB_ID ?? "" };
  }
}

// Runs only as the entry script: a worker that imports this module to rebuild TsTask skips it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const cluster = process.argv[3] ?? "process";
  const task = new TsTask({ param: 21, infra: { folder: process.argv[2], cluster } });
  process.stdout.write(`${JSON.stringify(await task.process())}\n`);
}

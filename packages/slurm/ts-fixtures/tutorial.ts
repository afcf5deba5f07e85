// A user's TypeScript module, run under tsx: the class must run the same in a Slurm job.
import { pathToFileURL } from "node:url";
import { Config, Type } from "@exca/config";
import "@exca/slurm";
import { TaskInfra } from "@exca/task";

interface Summary {
  doubled: number;
  runtime: string;
  slurmJobId: string;
}

export class SlurmTsTask extends Config({
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

// Runs only as the entry script: a worker that imports this module to rebuild SlurmTsTask skips it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const task = new SlurmTsTask({ param: 21, infra: { folder: process.argv[2], cluster: "slurm" } });
  process.stdout.write(`${JSON.stringify(await task.process())}\n`);
}

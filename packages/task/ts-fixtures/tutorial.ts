// A user's TypeScript module, run under tsx: the class must run the same in a child process.
import { pathToFileURL } from "node:url";
import { Config, Type } from "@exca/config";
import { TaskInfra } from "@exca/task";

interface Summary {
  doubled: number;
  runtime: string;
}

export class TsTask extends Config({
  param: Type.Integer({ default: 2 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<Summary> {
    const doubled: number = this.param * 2;
    return { doubled, runtime: process.env.EXCA_WORKER === "1" ? "worker" : "parent" };
  }
}

// Runs only as the entry script: a worker that imports this module to rebuild TsTask skips it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const task = new TsTask({ param: 21, infra: { folder: process.argv[2], cluster: "process" } });
  process.stdout.write(`${JSON.stringify(await task.process())}\n`);
}

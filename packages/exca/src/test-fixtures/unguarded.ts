// A script lacking the isMain guard: its top-level code runs a task on the process cluster, so the worker
// that imports this module to find the class runs that code again. argv: <folder>
import { Config, TaskInfra, Type } from "../index.js";

export class Unguarded extends Config({
  n: Type.Integer({ default: 2 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.n * 2;
  }
}

const value = await new Unguarded({ infra: { folder: process.argv[2] ?? "", cluster: "process" } }).process();
process.stdout.write(`${value}\n`);

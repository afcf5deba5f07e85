// One object, two infra fields, one decorated method on each.
import { Config, Type } from "@exca/config";
import { TaskInfra } from "../index.js";

export class TwoInfras extends Config({
  n: Type.Integer({ default: 1 }),
  first: TaskInfra.field({ version: "1" }),
  second: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply({ infra: "first" })
  async double(): Promise<number> {
    return this.n * 2;
  }

  @TaskInfra.apply({ infra: "second" })
  async triple(): Promise<number> {
    return this.n * 3;
  }
}

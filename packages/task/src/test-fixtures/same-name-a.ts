// A class named Train, like the one in same-name-b.ts: the two must never share a cache folder.
import { Config, Type } from "@exca/config";
import { TaskInfra } from "../index.js";

export class Train extends Config({
  lr: Type.Number({ default: 0.1 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<string> {
    return `a:${this.lr}`;
  }
}

import { appendFileSync } from "node:fs";
import { Config, Type } from "@exca/config";
import { TaskInfra } from "../index.js";

/**
 * The contract's TutorialTask (API.md), bound with the decorator-free `TaskInfra.applyTo`: the tutorial
 * (apps/examples) shows the decorator, so the task tests that use this class cover the other form.
 */
export class TutorialTask extends Config({
  param: Type.Integer({ default: 12 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  async process(): Promise<number> {
    return this.param * Math.random();
  }
}
TaskInfra.applyTo(TutorialTask, "process");

/** Fails with a new random message each time it computes. */
export class FailingTask extends Config({
  param: Type.Integer({ default: 1 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    throw new RangeError(`failure ${Math.random()}`);
  }
}

/** Sleeps `ms`, appends a line to `countFile` (excluded from the uid) each time it computes, prints to both streams. */
export class SlowTask extends Config(
  {
    ms: Type.Integer({ default: 0 }),
    countFile: Type.String({ default: "" }),
    value: Type.Integer({ default: 7 }),
    infra: TaskInfra.field({ version: "1" }),
  },
  { excludeFromUid: ["countFile"] },
) {
  @TaskInfra.apply()
  async process(): Promise<{ value: number; pid: number }> {
    process.stdout.write(`computing ${this.value}\n`);
    process.stderr.write(`stderr of ${this.value}\n`);
    if (this.countFile !== "") appendFileSync(this.countFile, `${process.pid}\n`);
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    return { value: this.value, pid: process.pid };
  }
}

/** A method that depends on `param` but not on `other`, excluded from the cache uid by a function. */
export class ExcludingTask extends Config({
  param: Type.Integer({ default: 1 }),
  other: Type.String({ default: "a" }),
  infra: TaskInfra.field({}),
}) {
  @TaskInfra.apply({ excludeFromCacheUid: () => ["other"] })
  async process(): Promise<number> {
    return this.param + Math.random();
  }
}

/** A value the storage cannot bring back as it was. */
export class Point {
  x = 1;
}

/** Returns a Point (not storable) while `broken`, a plain object once fixed; `broken` stays out of the uid. */
export class Unstorable extends Config(
  { broken: Type.Boolean({ default: true }), infra: TaskInfra.field({ version: "1" }) },
  { excludeFromUid: ["broken"] },
) {
  @TaskInfra.apply()
  async process(): Promise<{ x: number }> {
    return this.broken ? new Point() : { x: 1 };
  }
}

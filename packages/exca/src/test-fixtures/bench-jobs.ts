// Classes for the benchmarks of jobs in other processes (exca.bench.ts). They import exca as a user's
// module does, so the workers load the same bundles that users' workers load.
import { Config, MapInfra, TaskInfra, Type } from "../index.js";

/** A trivial task: returns its value and the pid of the process that computed it. */
export class EchoTask extends Config({
  value: Type.Integer({ default: 0 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<{ value: number; pid: number }> {
    return { value: this.value, pid: process.pid };
  }
}

/** CPU-bound: about `work` ms of arithmetic per item. */
export class BusyMap extends Config({
  work: Type.Integer({ default: 5 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  *process(items: number[]): Generator<number> {
    for (const item of items) {
      const end = performance.now() + this.work;
      let x = item;
      while (performance.now() < end) x = (x * 1103515245 + 12345) % 2147483648;
      yield x;
    }
  }
}

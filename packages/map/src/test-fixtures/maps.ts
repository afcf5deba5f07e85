import { appendFileSync } from "node:fs";
import { Config, Type } from "@exca/config";
import { MapInfra } from "../index.js";

export class TutorialMap extends Config({
  param: Type.Integer({ default: 12 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  async *process(items: number[]): AsyncGenerator<Float64Array> {
    for (const item of items) yield new Float64Array(item * this.param).map(Math.random);
  }
}

/** Returns `item * factor` (plus a random tag) and logs each computed item to `countFile` (excluded from the uid). */
export class CountingMap extends Config(
  {
    factor: Type.Number({ default: 2 }),
    countFile: Type.String({ default: "" }),
    delayMs: Type.Integer({ default: 0 }),
    failOn: Type.Integer({ default: -1 }),
    infra: MapInfra.field({ version: "1" }),
  },
  { excludeFromUid: ["countFile", "delayMs", "failOn"] },
) {
  @MapInfra.apply({ itemUid: (item: number) => `item-${item}` })
  *process(items: number[]): Generator<{ value: number; tag: number }> {
    if (this.countFile !== "") appendFileSync(this.countFile, items.map((item) => `${item}\n`).join(""));
    for (const item of items) {
      if (this.delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.delayMs);
      if (item === this.failOn) throw new Error(`failing on ${item}`);
      yield { value: item * this.factor, tag: Math.random() };
    }
  }
}

/** Yields one result too few. */
export class ShortMap extends Config({ infra: MapInfra.field({}) }) {
  @MapInfra.apply({ itemUid: (item: string) => item })
  async process(items: string[]): Promise<string[]> {
    return items.slice(1).map((item) => item.toUpperCase());
  }
}

/** Trivial numeric map for benchmarks. */
export class NumberMap extends Config({ infra: MapInfra.field({ version: "1" }) }) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  *process(items: number[]): Generator<number> {
    for (const item of items) yield item * 2;
  }
}

/** Yields the pid of the process that computed each item. */
export class PidMap extends Config({ infra: MapInfra.field({ version: "1" }) }) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  *process(items: number[]): Generator<number> {
    for (const _ of items) yield process.pid;
  }
}

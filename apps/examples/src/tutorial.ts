import { Config, MapInfra, type MapResult, TaskInfra, Type, withInfra } from "exca";

/** The tutorial's task: a random number scaled by `param`, computed once then cached. */
export class TutorialTask extends Config({
  param: Type.Integer({ default: 12 }),
  infra: TaskInfra.field({ version: "1" }, "process"),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.param * Math.random();
  }
}

/** The tutorial's map: one random array per item, cached per item. */
export class TutorialMap extends Config({
  param: Type.Integer({ default: 12 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  process(items: number[]): MapResult<Float64Array>; // what a call returns: awaitable and iterable
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  async *process(items: number[]): AsyncIterable<Float64Array> {
    for (const item of items) {
      const end = Date.now() + 20; // pretend each item takes a while
      while (Date.now() < end);
      yield new Float64Array(item * this.param).map(Math.random);
    }
  }
}

/** A plain function with an infra (Python exca's with_infra). */
export const slowSquare = withInfra(
  async function slowSquare(p: { x: number }) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return p.x * p.x;
  },
  { folder: ".exca-cache", version: "1" },
);

// The tutorial's pipeline (docs/tutorial.md, apps/examples/src/tutorial.ts) as a new user writes it: no
// cast, no generic argument on an exca call; each result has its exact type.
import { Config, MapInfra, type MapResult, TaskInfra, type TaskJob, Type, withInfra } from "exca";

/** True when A and B are the same type (not merely assignable): no contextual inference can fake it. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export class TutorialTask extends Config({
  param: Type.Integer({ default: 12 }),
  infra: TaskInfra.field({ version: "1" }, "process"),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.param * Math.random();
  }
}

export class TutorialMap extends Config({
  param: Type.Integer({ default: 12 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  process(items: number[]): MapResult<Float64Array>; // what a call returns: awaitable and iterable
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  async *process(items: number[]): AsyncIterable<Float64Array> {
    for (const item of items) yield new Float64Array(item * this.param).map(Math.random);
  }
}

const task = new TutorialTask({ param: 1, infra: { folder: "cache", cluster: "process" } });
const value = await task.process();
const job = await task.infra.job();
const fromJob = await job.result();
const clone = task.infra.cloneObj({ param: 2 });
const jobs = await task.infra.jobArray((tasks) => {
  tasks.push(clone);
});

const mapper = new TutorialMap({ infra: { folder: "cache", cluster: "process", maxJobs: 2 } });
const arrays = await mapper.process([1, 2, 3]);
for await (const array of mapper.process([3, 1])) {
  const streamed: Equal<typeof array, Float64Array> = true;
  void streamed;
}

const slowSquare = withInfra(
  async function slowSquare(p: { x: number }) {
    return p.x * p.x;
  },
  { folder: "cache", version: "1" },
);
const squared = await slowSquare({ x: 12 });
const squareJob = await slowSquare.task({ x: 12 }).infra.job();

const exact: [
  Equal<typeof value, number>,
  Equal<typeof job, TaskJob<number>>,
  Equal<typeof fromJob, number>,
  Equal<typeof clone, TutorialTask>,
  Equal<typeof jobs, TaskJob<number>[]>,
  Equal<typeof arrays, Float64Array[]>,
  Equal<typeof squared, number>,
  Equal<typeof squareJob, TaskJob<number>>,
] = [true, true, true, true, true, true, true, true];

// @ts-expect-error the map's results are arrays of Float64Array, not of numbers
const wrongArrays: number[] = arrays;
// @ts-expect-error a TutorialTask has no field "params"
task.infra.cloneObj({ params: 2 });
// @ts-expect-error the constructor refuses a cluster nobody declared
new TutorialTask({ infra: { cluster: "gpu-farm" } });

export { exact, wrongArrays };

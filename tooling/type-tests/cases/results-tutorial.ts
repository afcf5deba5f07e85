// The tutorial's pipeline as a new user writes it (the classes of apps/examples/src/tutorial.ts, which
// docs/tutorial.md shows): no cast, no generic argument on an exca call; each result has its exact type.
import { type TaskJob, withInfra } from "exca";
import { TutorialMap, TutorialTask } from "../../../apps/examples/src/tutorial.js";

/** True when A and B are the same type (not merely assignable): no contextual inference can fake it. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

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

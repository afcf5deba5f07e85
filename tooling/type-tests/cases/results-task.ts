// A task's result type reaches every call, with no cast and no generic argument: the infra field names
// the decorated method (`TaskInfra.field(defaults, "process")`), and the owner's class types the infra.
import { Config, TaskInfra, type TaskJob, Type, withInfra } from "exca";

/** True when A and B are the same type (not merely assignable): no contextual inference can fake it. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

class Data extends Config({ x: Type.Integer({ default: 1 }), name: Type.String({ default: "d" }) }) {}

export class Embed extends Config({
  size: Type.Integer({ default: 4 }),
  data: Data.field({}),
  infra: TaskInfra.field({ version: "1" }, "process"),
}) {
  @TaskInfra.apply()
  async process(): Promise<Float32Array> {
    return new Float32Array(this.size);
  }
}

const task = new Embed({ size: 2, infra: { folder: "cache" } });
const direct = await task.process();
const job = await task.infra.job();
const fromJob = await job.result();
const exact: [
  Equal<typeof direct, Float32Array>,
  Equal<typeof job, TaskJob<Float32Array>>,
  Equal<typeof fromJob, Float32Array>,
] = [true, true, true];
// @ts-expect-error the result is a Float32Array, not a string
const wrongResult: string = await job.result();
// @ts-expect-error job() needs no generic argument, and a wrong one is refused
const wrongJob: TaskJob<string> = await task.infra.job();

// cloneObj: the class's keys, deep-partial, dotted one level; returns the class's instance type
const clone = task.infra.cloneObj({ size: 3, data: { x: 2 } });
const cloneExact: Equal<typeof clone, Embed> = true;
const dotted: Embed = task.infra.cloneObj({ "data.x": 3 });
const forced: Embed = task.infra.cloneObj({ infra: { mode: "force" } });
// @ts-expect-error a key the class does not have
task.infra.cloneObj({ sise: 3 });
// @ts-expect-error a nested key of the wrong type
task.infra.cloneObj({ data: { x: "2" } });
// @ts-expect-error a dotted key of the wrong type
task.infra.cloneObj({ "data.x": "3" });
// @ts-expect-error a dotted key the nested config does not have
task.infra.cloneObj({ "data.y": 3 });

// jobArray: the callback receives an array of the class's instances; one TaskJob<R> per task
const jobs = await task.infra.jobArray((tasks) => {
  const filled: Equal<typeof tasks, Embed[]> = true;
  for (const size of [1, 2]) tasks.push(task.infra.cloneObj({ size }));
  void filled;
});
const jobsExact: Equal<typeof jobs, TaskJob<Float32Array>[]> = true;
await task.infra.jobArray((tasks) => {
  // @ts-expect-error only instances of the class go in
  tasks.push(new Data({ x: 1 }));
});

// iterCached yields instances of the class
for await (const cached of task.infra.iterCached()) {
  const cachedExact: Equal<typeof cached, Embed> = true;
  void cachedExact;
}

// A subclass's infra deals in the subclass
class Wider extends Embed {
  wide(): boolean {
    return true;
  }
}
const wider = new Wider({}).infra.cloneObj({ size: 8 });
const wide: boolean = wider.wide();
const widerJob = await new Wider({}).infra.job();
const widerExact: [Equal<typeof wider, Wider>, Equal<typeof widerJob, TaskJob<Float32Array>>] = [true, true];

// withInfra(fn).task(params).infra.job() is a TaskJob of the function's awaited result
const square = withInfra(
  async function square(p: { x: number }) {
    return { square: p.x * p.x };
  },
  { folder: "cache", version: "1" },
);
const squareJob = await square.task({ x: 3 }).infra.job();
const squareExact: Equal<typeof squareJob, TaskJob<{ square: number }>> = true;
// @ts-expect-error the result has no field "cube"
(await squareJob.result()).cube;

// The form without a method name still compiles (the infra is then untyped)
class Old extends Config({ infra: TaskInfra.field({ version: "1" }) }) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return 1;
  }
}
const old: TaskJob<number> = await new Old({}).infra.job<number>();

// exported so that every checked value counts as used
export {
  cloneExact,
  dotted,
  exact,
  forced,
  jobsExact,
  old,
  squareExact,
  wide,
  widerExact,
  wrongJob,
  wrongResult,
};

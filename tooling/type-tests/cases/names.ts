// Names the compiler can check: applyTo's method, excludeFromCacheUid's fields, cluster's executor.
import { type ClusterName, Config, MapInfra, TaskInfra, Type } from "exca";

// A third-party executor package declares its name next to its registerExecutor call (through "exca",
// which re-exports ExcaClusters, or "@exca/executors", which defines it: both merge into one interface).
declare module "exca" {
  interface ExcaClusters {
    "my-scheduler": true;
  }
}

class Inner extends Config({ lr: Type.Number({ default: 0.1 }), seed: Type.Integer({ default: 0 }) }) {}

class Train extends Config({
  epochs: Type.Integer({ default: 1 }),
  device: Type.String({ default: "cpu" }),
  opt: Inner.field({}),
  infra: TaskInfra.field({ version: "1" }, "process"),
}) {
  async process(): Promise<number> {
    return this.epochs;
  }
  async report(): Promise<string> {
    return this.device;
  }
  scaled(factor: number): number {
    return this.epochs * factor;
  }
}

// applyTo: a method of the class, taking no argument for TaskInfra
TaskInfra.applyTo(Train, "process", { excludeFromCacheUid: ["device", "opt.seed"] });
// @ts-expect-error a typo in the method name
TaskInfra.applyTo(Train, "proces");
// @ts-expect-error a field, not a method
TaskInfra.applyTo(Train, "epochs");
// @ts-expect-error a method with an argument is not a task method
TaskInfra.applyTo(Train, "scaled");
// @ts-expect-error excludeFromCacheUid names fields of the class
TaskInfra.applyTo(Train, "report", { excludeFromCacheUid: ["devise"] });
// @ts-expect-error a dotted path into a nested config is checked on its second part too
TaskInfra.applyTo(Train, "report", { excludeFromCacheUid: () => ["opt.sed"] });

class Square extends Config({ p: Type.Integer({ default: 2 }), infra: MapInfra.field({ version: "1" }) }) {
  async *process(items: number[]): AsyncIterable<number> {
    for (const item of items) yield item ** this.p;
  }
}
MapInfra.applyTo(Square, "process", { itemUid: (item: number) => String(item), excludeFromCacheUid: ["p"] });
// @ts-expect-error a typo in the method name
MapInfra.applyTo(Square, "proces", { itemUid: (item: number) => String(item) });
// @ts-expect-error excludeFromCacheUid names fields of the class
MapInfra.applyTo(Square, "process", { itemUid: (item: number) => String(item), excludeFromCacheUid: ["q"] });

// The decorator form checks excludeFromCacheUid against the decorated class
class Decorated extends Config({
  a: Type.Integer({ default: 1 }),
  b: Type.Integer({ default: 2 }),
  infra: TaskInfra.field({}),
}) {
  @TaskInfra.apply({ excludeFromCacheUid: ["b"] })
  async process(): Promise<number> {
    return this.a;
  }
}
class DecoratedTypo extends Config({ a: Type.Integer({ default: 1 }), infra: TaskInfra.field({}) }) {
  // @ts-expect-error "c" is no field of DecoratedTypo
  @TaskInfra.apply({ excludeFromCacheUid: ["c"] })
  async process(): Promise<number> {
    return this.a;
  }
}

// The infra option names a field of the class
class TwoInfras extends Config({ first: TaskInfra.field({}), second: TaskInfra.field({}) }) {
  @TaskInfra.apply({ infra: "first" })
  async one(): Promise<number> {
    return 1;
  }
  // @ts-expect-error "secnd" is no field of TwoInfras
  @TaskInfra.apply({ infra: "secnd" })
  async two(): Promise<number> {
    return 2;
  }
}

// cluster: built-in names, "auto", null, and names declared by executor packages
const clusters: (ClusterName | null)[] = [null, "auto", "local", "debug", "process", "my-scheduler"];
new Train({ infra: { cluster: "my-scheduler" } });
// @ts-expect-error a name no package declared
new Train({ infra: { cluster: "slurmm" } });
// @ts-expect-error "slurm" is declared by @exca/slurm, which this program does not import
const slurm: ClusterName = "slurm";

// exported so that every checked value counts as used
export { clusters, Decorated, DecoratedTypo, slurm, TwoInfras };

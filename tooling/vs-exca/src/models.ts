// The twins of bench.py's pydantic models (exca-py's scenarios), written as a user writes them: through
// the public `exca` package only (its bundle, as a user's project loads it). One module, so that child
// processes (fresh-process reads, "process" and Slurm jobs) rebuild the same classes, with the same uids.
import { Config, MapInfra, type MapResult, TaskInfra, Type } from "exca";

/** bench.py's ARRAY_SHAPE (64, 64) float32: 16 KiB per item. */
export const ARRAY_LENGTH = 64 * 64;

/** bench.py `BenchTask`: a trivial method returning a small object. */
export class BenchTask extends Config({
  param: Type.Integer({ default: 0 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<{ param: number; square: number; name: string }> {
    return { param: this.param, square: this.param ** 2, name: `p${this.param}` };
  }
}

/** bench.py `LocalTask`: returns its param and the pid of the process that ran it. */
export class LocalTask extends Config({
  param: Type.Integer({ default: 0 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<{ param: number; pid: number }> {
    return { param: this.param, pid: process.pid };
  }
}

/** slurm_bench.py `SlurmTask`: a trivial task run on Slurm. */
export class SlurmTask extends Config({
  param: Type.Integer({ default: 0 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<{ param: number }> {
    return { param: this.param };
  }
}

/** bench.py `SmallMap`: one small float per int item. */
export class SmallMap extends Config({
  coeff: Type.Number({ default: 0.5 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  *process(items: number[]): Generator<number> {
    for (const item of items) yield item * this.coeff;
  }
}

/** bench.py `ArrayMap`: a 64x64 float32 array (16 KiB) per int item, made in the method. */
export class ArrayMap extends Config({
  offset: Type.Number({ default: 0 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  *process(items: number[]): Generator<Float32Array> {
    for (const item of items) yield new Float32Array(ARRAY_LENGTH).fill(item + this.offset);
  }
}

/** bench.py `Optim` (level 3). */
class Optim extends Config({
  name: Type.String({ default: "adam" }),
  lr: Type.Number({ default: 1e-3 }),
  betas: Type.Array(Type.Number(), { default: [0.9, 0.999] }),
  weight_decay: Type.Number({ default: 0 }),
}) {}

/** bench.py `Network` (level 2). */
class Network extends Config({
  optim: Optim.field({}),
  layers: Type.Integer({ default: 4 }),
  hidden: Type.Integer({ default: 256 }),
  dropout: Type.Number({ default: 0.1 }),
  activation: Type.String({ default: "relu" }),
}) {}

/** bench.py `Experiment` (level 1): 3 levels, 15 fields, a list and a record field. */
export class Experiment extends Config({
  seed: Type.Integer({ default: 0 }),
  network: Network.field({}),
  tags: Type.Record(Type.String(), Type.String(), { default: {} }),
  steps: Type.Array(Type.Integer(), { default: [1, 2, 3] }),
  data_path: Type.String({ default: "/data/default" }),
  batch_size: Type.Integer({ default: 32 }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.seed;
  }
}

/** bench.py `experiment_config(i)`. */
export function experimentConfig(i: number) {
  return {
    seed: i,
    network: {
      optim: { lr: 1e-3 * (1 + (i % 7)), betas: [0.9, 0.99 + (i % 3) / 1000] },
      layers: 2 + (i % 5),
      dropout: 0.1 * (i % 4),
    },
    tags: { run: `r${i}`, group: `g${i % 3}` },
    steps: [i, i + 1, i + 2],
    batch_size: 16 * (1 + (i % 4)),
  };
}

/** A decorated map method's result, typed: the decorator returns a {@link MapResult}, which a generator method cannot declare. */
export function mapped<T>(result: Generator<T>): MapResult<T> {
  return result as unknown as MapResult<T>;
}

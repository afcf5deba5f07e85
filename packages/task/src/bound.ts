// The owner-typed face of a TaskInfra field declared with its method (`TaskInfra.field({...}, "process")`):
// the method's result type reaches `job()`, and the owner's class reaches `jobArray`, `cloneObj` and
// `iterCached`, with no cast and no generic argument at the call.
import type { OwnerBinding } from "@exca/config";
import type { DataKeys } from "@exca/infra";
import type { TaskInfra } from "./infra.js";
import type { JobArrayOptions } from "./job-array.js";
import type { TaskJob } from "./task-job.js";

/** The members of TaskInfra whose types depend on the owner. */
export type OwnerTypedMembers = "job" | "jobArray" | "cloneObj" | "iterCached";

/** The members of a TaskInfra that do not depend on its owner. */
export interface TaskInfraCommon extends Omit<TaskInfra, OwnerTypedMembers> {}

/** What `await owner[M]()` gives; `unknown` when the owner has no such method (a run-time error names it). */
export type ResultOf<O, M extends PropertyKey> = M extends keyof O
  ? O[M] extends (...args: never[]) => infer R
    ? Awaited<R>
    : unknown
  : unknown;

export type CloneLeaf = readonly unknown[] | ArrayBufferView | Date | Map<unknown, unknown> | Set<unknown>;

/** What may replace a value in `cloneObj`: objects deep-partial (merged), anything else whole. */
export type CloneOverride<V> = V extends CloneLeaf ? V : V extends object ? CloneOverrides<V> : V;

/** The value at a dotted path `"a.b"` of `O`. */
export type ValueAtPath<O, P> = P extends `${infer A}.${infer B}`
  ? A extends DataKeys<O>
    ? B extends DataKeys<NonNullable<O[A]>>
      ? NonNullable<O[A]>[B]
      : never
    : never
  : never;

/** `"a.b"` for every data key b of every object field a (one level of nesting). */
export type DottedPaths<O> = {
  [K in DataKeys<O>]: NonNullable<O[K]> extends CloneLeaf
    ? never
    : NonNullable<O[K]> extends object
      ? `${K}.${DataKeys<NonNullable<O[K]>>}`
      : never;
}[DataKeys<O>];

/**
 * The overrides `cloneObj` accepts for an owner of type O: its data keys, deep-partial (nested objects are
 * merged into the current config), and dotted keys one level deep (`{ "data.x": 3 }`), typed by their value.
 */
export type CloneOverrides<O> = { [K in DataKeys<O>]?: CloneOverride<O[K]> } & {
  [P in DottedPaths<O>]?: ValueAtPath<O, P>;
};

/**
 * A TaskInfra whose owner is of type O and drives its method M. (The result type is looked up in each
 * member, not passed in: looking it up while the owner's type is being built would be circular.)
 */
export interface BoundTaskInfra<O, M extends string> extends TaskInfraCommon {
  /** Starts the job (or finds it again, or its cached outcome) without waiting for it. */
  job(): Promise<TaskJob<ResultOf<O, M>>>;
  /** Fills an array with owner objects, then submits every one that is missing at once (a Slurm array on Slurm). */
  jobArray(
    fill: (tasks: O[]) => void | Promise<void>,
    options?: JobArrayOptions,
  ): Promise<TaskJob<ResultOf<O, M>>[]>;
  /** A new owner object with overrides applied to this one's config. */
  cloneObj(overrides?: CloneOverrides<O>): O;
  /** The objects whose results are cached next to this one (same class, method and version). */
  iterCached(): AsyncGenerator<O>;
}

/** The binding of `TaskInfra.field(defaults, method)`: the owner's type to its BoundTaskInfra. */
export interface TaskBinding<M extends string> extends OwnerBinding {
  readonly bound: BoundTaskInfra<this["owner"], M>;
}

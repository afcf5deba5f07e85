import {
  type AnyConfigClass,
  ConfDict,
  Config,
  type HasDefault,
  type Input,
  type OwnerBoundField,
  type TConfigField,
  type TSchema,
  Type,
  toConfig,
} from "@exca/config";
import { definitionSite, registerInternalPackage } from "@exca/executors";
import {
  type ApplyOptions,
  checkStandardDecorator,
  commonInfraFields,
  InfraContext,
  type InfraMethod,
  infraKeyOf,
  markMethod,
  methodFor,
  NON_UID_INFRA_FIELDS,
  ownerOf,
  replaceMethod,
  setOwner,
} from "@exca/infra";
import type { TaskBinding, TaskInfraCommon } from "./bound.js";
import { declaredMethodInfo, declareMethod } from "./declared-method.js";
import { iterCached } from "./iter-cached.js";
import { submitArray } from "./job-array.js";
import { clearJob, runTask, type TaskStatus, taskJob, taskStatus } from "./run.js";
import type { TaskJob } from "./task-job.js";

// Stack frames inside this package are not where a user class was defined.
registerInternalPackage(new URL("..", import.meta.url).href);

/**
 * What the value of a field made by `TaskInfra.field(defaults, method)` is typed by: TaskInfra without the
 * owner-typed members (the binding adds them, typed by the owner), built from a partial input over its
 * default as every infra field is (`inheritFieldDefault`).
 */
export type BoundFieldClass = (abstract new (
  input?: Input<typeof TaskInfra>,
) => TaskInfraCommon) & { readonly options: { readonly inheritFieldDefault?: true } };

/** The methods `@TaskInfra.apply()` accepts: no arguments, sync or async. */
export type TaskMethod<This, R> = (this: This) => R;

/** The names of the methods of `I` that take no argument (what `TaskInfra.applyTo` may decorate). */
export type TaskMethodName<I> = {
  [K in keyof I]-?: K extends string ? (I[K] extends () => unknown ? K : never) : never;
}[keyof I];

/**
 * The infra of a task: one config, one computation, cached in `<folder>/<Class>.<method>,<version>/<uid>`.
 * Declare it as a field (`infra: TaskInfra.field({ version: "1" })`) and decorate the method with
 * `@TaskInfra.apply()`. Every field but `version` stays out of the uid.
 */
export class TaskInfra extends Config(
  {
    ...commonInfraFields,
    /** cached: reuse results and failures; retry: recompute failures; force: recompute once; readOnly: never compute. */
    mode: Type.Union(
      [Type.Literal("cached"), Type.Literal("force"), Type.Literal("retry"), Type.Literal("readOnly")],
      {
        default: "cached",
      },
    ),
  },
  {
    excludeFromUid: [...NON_UID_INFRA_FIELDS, "mode"],
    inheritFieldDefault: true,
    onParent: (infra, owner, key) => {
      setOwner(infra, owner, key);
      declaredMethodInfo(owner, key);
    },
  },
) {
  /**
   * A field holding this infra. With `method` (the name of the decorated method), the owner's `infra`
   * is typed by that method and the owner's class: `await task.infra.job()` is a `TaskJob` of the
   * method's result, `jobArray`, `cloneObj` and `iterCached` deal in owner objects. A method that is not
   * the decorated one throws when the owner is built.
   */
  static override field<C extends AnyConfigClass>(this: C): TConfigField<C>;
  static override field<C extends AnyConfigClass>(
    this: C,
    defaultInput: Input<C>,
  ): TConfigField<C> & HasDefault<Input<C>>;
  static override field<const M extends string>(
    defaultInput: Input<typeof TaskInfra>,
    method: M,
  ): OwnerBoundField<TConfigField<BoundFieldClass> & HasDefault<Input<typeof TaskInfra>>, TaskBinding<M>>;
  static override field(defaultInput?: unknown, method?: string): TSchema {
    const schema = (super.field as (input?: unknown) => TSchema).call(this, defaultInput);
    if (method !== undefined) declareMethod(schema, method);
    return schema;
  }

  /** Decorates a method without arguments: calling it returns the cached result, computing it when missing. */
  static override apply<This extends object, R>(
    options: ApplyOptions<This> = {},
  ): (
    method: TaskMethod<This, R>,
    context: ClassMethodDecoratorContext<This, TaskMethod<This, R>>,
  ) => (this: This) => Promise<Awaited<R>> {
    const site = definitionSite();
    return (method, context) => {
      checkStandardDecorator("@TaskInfra.apply()", context, method);
      if (context.static || context.private)
        throw new TypeError("@TaskInfra.apply() decorates public instance methods");
      return wrapMethod(
        method as InfraMethod["original"],
        String(context.name),
        options as ApplyOptions,
        site,
      ) as (this: This) => Promise<Awaited<R>>;
    };
  }

  /** The decorator-free form: `TaskInfra.applyTo(MyTask, "process", options)`. */
  static applyTo<C extends abstract new (...args: never[]) => object>(
    cls: C,
    method: TaskMethodName<InstanceType<C>>,
    options: ApplyOptions<InstanceType<C>> = {},
  ): void {
    replaceMethod(cls, method, (original) =>
      wrapMethod(original, method, options as ApplyOptions, definitionSite()),
    );
  }

  #context(): InfraContext {
    const { owner, key } = ownerOf(this);
    return new InfraContext(owner, key, declaredMethodInfo(owner, key) ?? methodFor(owner, key, "task"));
  }

  /** `<Class>.<method>,<version>/<uid>`. */
  uid(): string {
    return this.#context().uid();
  }

  /** The folder of this task's cache files. */
  uidFolder(): string {
    return this.#context().uidFolder();
  }

  /** The owner's config; `uid: true` keeps uid fields only (cache exclusions applied), `excludeDefaults` drops defaults. */
  config(options: { uid?: boolean; excludeDefaults?: boolean } = {}): Record<string, unknown> {
    const context = this.#context();
    if (!options.uid) return toConfig(context.owner, options);
    const views = context.views();
    return options.excludeDefaults ? views.uid : views.fullUid;
  }

  /** Starts the job (or finds it again, or its cached outcome) without waiting for it. */
  job<T = unknown>(): Promise<TaskJob<T>> {
    return taskJob(this.#context()) as Promise<TaskJob<T>>;
  }

  status(): Promise<TaskStatus> {
    return taskStatus(this.#context());
  }

  /** Cancels a running job, then removes its result so that the next call recomputes. */
  clearJob(): Promise<void> {
    return clearJob(this.#context());
  }

  /** A new owner object with dotted-key overrides (`{"data.x": 3}`) applied to this one's config. */
  cloneObj<T extends object>(overrides: Record<string, unknown> = {}): T {
    const { owner } = ownerOf(this);
    const data = new ConfDict(toConfig(owner, { excludeDefaults: true })).update(overrides).toObject();
    return new (owner.constructor as new (input: unknown) => T)(data);
  }

  /** Fills an array with task objects, then submits every one that is missing at once (a Slurm array on Slurm). */
  jobArray<T extends object>(
    fill: (tasks: T[]) => void | Promise<void>,
    options?: { allowRepeated?: boolean },
  ): Promise<TaskJob[]> {
    return submitArray(this.#context(), fill as (tasks: object[]) => void | Promise<void>, options);
  }

  /** The objects whose results are cached next to this one (same class, method and version). */
  iterCached<T extends object>(): AsyncGenerator<T> {
    return iterCached(this.#context()) as AsyncGenerator<T>;
  }
}

function wrapMethod(
  original: InfraMethod["original"],
  name: string,
  options: ApplyOptions,
  site: string | undefined,
): Function {
  const info: InfraMethod = { kind: "task", name, original, options, site };
  const wrapper = async function (this: object, ...args: unknown[]): Promise<unknown> {
    if (args.length > 0) throw new TypeError(`${name}() is a task method: it takes no arguments`);
    const key = infraKeyOf(this, info, TaskInfra);
    return runTask(new InfraContext(this, key, info));
  };
  markMethod(wrapper, info);
  return wrapper;
}

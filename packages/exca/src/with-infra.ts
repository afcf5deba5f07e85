import { Config, type ConfigInput } from "@exca/config";
import { definitionSite, locateExport, registerInternalPackage } from "@exca/executors";
import { registerTargetFinder } from "@exca/infra";
import { type BoundTaskInfra, TaskInfra } from "@exca/task";

registerInternalPackage(new URL("..", import.meta.url).href);

/** The infra fields of a {@link withInfra} task, plus the name of its cache folder. */
export type WithInfraOptions = NonNullable<ConfigInput<(typeof TaskInfra)["shape"]>> & {
  /**
   * Names the function in its cache folder (`<module>.<name>.process,<version>`). Required for an
   * anonymous function (an inline arrow): two different bodies must never share a cache cell.
   * @default fn.name
   */
  name?: string;
};

// `P extends object`, not `Record<string, unknown>`: an interface has no implicit index signature, so the
// latter refused parameter types declared as interfaces.
/** A function with an infra: call it with its parameters; `.infra(params)` gives the task's infra. */
export interface WithInfra<P extends object, R> {
  (params: P): Promise<Awaited<R>>;
  /** The task object behind one call, to reach `infra.job()` (a `TaskJob` of the result), `status()`, `uid()`... */
  task(params: P): WithInfraTask<P, R>;
  /** The hidden config class (lets worker processes rebuild a call). */
  readonly excaClass: new (
    input: unknown,
  ) => object;
}

/** The task object behind one {@link withInfra} call: the parameters, its `process()`, and its infra. */
export type WithInfraTask<P, R> = Readonly<P> & {
  /** Calls the function (through the cache). */
  process(): Promise<Awaited<R>>;
  readonly infra: BoundTaskInfra<WithInfraTask<P, R>, "process">;
};

/**
 * Turns a function of one parameter object into a cached task (Python exca's `helpers.with_infra`):
 * the parameters are the config (their uid names the cache folder), `infra` says where to cache and run.
 * For clusters other than in-process ones, export the result (`export const f = withInfra(...)`) so
 * that worker processes can import it.
 *
 * An anonymous function (an inline arrow) needs `name`: its cache folder is named after it.
 *
 * @example
 * export const heavy = withInfra(async (p: { a: number }) => p.a * 2, { name: "heavy", folder: "cache", version: "1" });
 * await heavy({ a: 3 }); // computed once, then read from the cache
 */
export function withInfra<P extends object, R>(
  fn: (params: P) => R | Promise<R>,
  options: WithInfraOptions = {},
): WithInfra<P, R> {
  const { name: given, ...infra } = options;
  const name = given ?? fn.name;
  if (name === "") {
    throw new TypeError(
      'withInfra: an anonymous function needs a name, e.g. withInfra(async (p) => ..., { name: "heavy", ... }), or use a named function: its results are cached under that name',
    );
  }
  const site = definitionSite();
  const Base = Config(
    { infra: TaskInfra.field({ version: "1", ...infra }) },
    { extra: "allow" },
  ) as unknown as new (
    input: unknown,
  ) => { infra: TaskInfra };
  const FuncTask = class extends Base {
    async process(): Promise<unknown> {
      const { infra: _, ...params } = this as unknown as Record<string, unknown>;
      return fn(params as P);
    }
  };
  Object.defineProperty(FuncTask, "name", { value: name });
  TaskInfra.applyTo(FuncTask, "process");
  // The types say P, but a JavaScript caller (or a cast) may pass anything: the config refuses what is
  // not a plain object with its own message, but it reads null and undefined as "no input" (defaults),
  // which would hand the function {} instead of what it was called with.
  const toTask = (params: P) => {
    if (params === null || params === undefined)
      throw new TypeError(
        `${name}: expected one object of named parameters, e.g. ${name}({}), got ${params}`,
      );
    if (typeof params === "object" && "infra" in params)
      throw new TypeError(`${name}: a parameter may not be called "infra" (it holds the task's infra)`);
    return new FuncTask(params);
  };
  const call = async (params: P): Promise<Awaited<R>> =>
    (await (toTask(params) as unknown as { process(): Promise<unknown> }).process()) as Awaited<R>;
  const wrapped = Object.assign(call, {
    task: (params: P) => toTask(params) as unknown as WithInfraTask<P, R>,
    excaClass: FuncTask as new (input: unknown) => object,
  });
  registerTargetFinder(FuncTask, () => locateExport(wrapped, site, `withInfra(${name})`));
  return wrapped;
}

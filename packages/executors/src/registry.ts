import type { Executor, ExecutorFactory, ExecutorOptions } from "./types.js";

const factories = new Map<string, ExecutorFactory>();
const instances = new Map<string, Executor>();
const autoProbes: (() => string | undefined)[] = [];

/**
 * Makes `cluster: name` use executors built by `factory`. Third-party packages call this at import;
 * registering a name twice replaces the earlier factory.
 */
export function registerExecutor(name: string, factory: ExecutorFactory): void {
  if (name === "auto" || name === "" || name === "null")
    throw new TypeError(`"${name}" cannot name an executor`);
  factories.set(name, factory);
  instances.delete(name);
}

/** Lets a package take over `cluster: "auto"` when its probe returns an executor name (e.g. Slurm when `sbatch` exists). */
export function registerAutoProbe(probe: () => string | undefined): void {
  autoProbes.unshift(probe);
}

/** The names that `cluster` accepts right now. */
export function registeredExecutors(): string[] {
  return [...factories.keys()];
}

/** Resolves `"auto"` (first probe that answers, else `"process"`) and `null` (`"local"`). */
export function resolveClusterName(cluster: string | null | undefined): string {
  if (cluster === null || cluster === undefined) return "local";
  if (cluster !== "auto") return cluster;
  for (const probe of autoProbes) {
    const name = probe();
    if (name !== undefined) return name;
  }
  return "process";
}

/** The shared executor of a cluster name (one per name and process, so limits apply process-wide). */
export function getExecutor(cluster: string | null | undefined, options: ExecutorOptions = {}): Executor {
  const name = resolveClusterName(cluster);
  let executor = instances.get(name);
  if (executor === undefined) {
    const factory = factories.get(name);
    if (factory === undefined) {
      const known = registeredExecutors().join(", ");
      throw new TypeError(
        `unknown cluster "${name}" (registered: ${known}); import the package that registers it`,
      );
    }
    executor = factory(options);
    instances.set(name, executor);
  }
  return executor;
}

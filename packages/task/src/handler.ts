import { importRef, type JobSpec } from "@exca/executors";
import type { InfraState } from "@exca/infra";
import { errorInfo, InfraResults, methodInfo, releaseClaim, removeJobFile } from "@exca/infra";
import { CacheError } from "@exca/storage";

/** What a task job needs besides the spec, when it runs in the process that submitted it. */
interface LocalRun {
  owner: object;
  state: InfraState;
  keepInRam: boolean;
}

const localRuns = new Map<string, LocalRun>();
let nextLocalId = 0;

/** Registers an object for an in-process job; returns the id the spec carries. */
export function registerLocalRun(run: LocalRun): string {
  const id = `${process.pid}-${nextLocalId++}`;
  localRuns.set(id, run);
  return id;
}

/** The extra fields of a task JobSpec. */
export interface TaskSpecExtra {
  uidFolder: string;
  permissions?: number;
  localId?: string;
}

async function rebuild(spec: JobSpec): Promise<object> {
  const imported = await importRef<{ excaClass?: new (input: unknown) => object }>(spec.target);
  const Class = imported.excaClass ?? (imported as unknown as new (input: unknown) => object);
  return new Class(spec.config);
}

/**
 * Runs a task job: rebuilds the object (or takes it, in-process), calls the undecorated method, and
 * stores the value or the error in the uid folder. Re-throws the error so that the job fails.
 */
export async function runTaskJob(spec: JobSpec): Promise<void> {
  const extra = spec.extra as unknown as TaskSpecExtra;
  const local = extra.localId === undefined ? undefined : localRuns.get(extra.localId);
  if (extra.localId !== undefined) localRuns.delete(extra.localId);
  const owner = local?.owner ?? (await rebuild(spec));
  const info =
    methodInfo((owner as Record<string, unknown>)[spec.method]) ?? methodInfoOnChain(owner, spec.method);
  if (info === undefined)
    throw new TypeError(`${owner.constructor.name}.${spec.method} is not a task method`);
  const results = new InfraResults(extra.uidFolder, extra.permissions);
  try {
    let value: unknown;
    try {
      value = await info.original.call(owner);
    } catch (error) {
      const failure = errorInfo(error);
      await results.writeError(failure);
      if (local?.keepInRam) local.state.ram = { ok: false, error: failure, original: error };
      throw error;
    }
    try {
      await results.writeValue(value);
    } catch (error) {
      // Not the computation's failure: nothing is cached and the claim goes, so the next call computes.
      removeJobFile(extra.uidFolder);
      throw unstorable(`${owner.constructor.name}.${spec.method}()`, value, error);
    }
    if (local?.keepInRam) local.state.ram = { ok: true, value };
  } finally {
    // The outcome is stored (or the job failed): callers of this process read it from now on.
    if (local !== undefined) releaseClaim(extra.uidFolder);
  }
}

/** The error of a result that could not be stored: names the value's type and what a task may return. */
function unstorable(call: string, value: unknown, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (!(cause instanceof CacheError) || cause.file !== undefined) {
    return new Error(
      `${call} computed its result but it could not be stored (${reason}); nothing was cached`,
      {
        cause,
      },
    );
  }
  return new TypeError(
    `${call} returned ${describeType(value)}, which the cache cannot store (${reason}). A task may return ` +
      "plain objects, arrays, strings, numbers, booleans, null, undefined, bigint, Date, Map, Set, typed arrays " +
      "and Buffers: return the data (e.g. a plain object) rather than a class instance or a function. " +
      "Nothing was cached: fix the method and call again.",
    { cause },
  );
}

function describeType(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value !== "object" || value === null) return value === null ? "null" : `a ${typeof value}`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return "an object with a null prototype";
  const name = (proto as { constructor?: { name?: string } }).constructor?.name;
  return name === undefined || name === "" ? "a class instance" : `a ${name}`;
}

function methodInfoOnChain(owner: object, name: string): ReturnType<typeof methodInfo> {
  for (let proto = Object.getPrototypeOf(owner); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const info = methodInfo(Object.getOwnPropertyDescriptor(proto, name)?.value);
    if (info !== undefined) return info;
  }
  return undefined;
}

/** The handler reference that task JobSpecs carry. */
export const TASK_HANDLER = {
  moduleUrl: new URL("./handler.js", import.meta.url).href,
  exportName: "runTaskJob",
} as const;

import { locateExport, type ModuleRef, registerInternalPackage } from "@exca/executors";
import type { InfraMethod } from "./binding.js";

registerInternalPackage(new URL("..", import.meta.url).href);

const refs = new WeakMap<Function, Promise<ModuleRef>>();
const finders = new WeakMap<Function, () => Promise<ModuleRef>>();

/**
 * Tells how a worker finds a class that is not exported itself: e.g. `withInfra` classes are reached
 * through the exported function that holds them (the ref's export must carry the class as `excaClass`).
 */
export function registerTargetFinder(cls: Function, find: () => Promise<ModuleRef>): void {
  finders.set(cls, find);
}

/**
 * The module and export of an object's class, for a worker process to rebuild it; searched in the module
 * where the decorated method was defined. Throws a LocateError explaining the fix when not exported there.
 */
export function locateTarget(owner: object, method: InfraMethod): Promise<ModuleRef> {
  const cls = owner.constructor;
  let ref = refs.get(cls);
  if (ref === undefined) {
    ref = finders.get(cls)?.() ?? locateExport(cls, method.site, cls.name);
    refs.set(cls, ref);
    ref.catch(() => refs.delete(cls));
  }
  return ref;
}

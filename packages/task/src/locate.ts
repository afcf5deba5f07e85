import { locateExport, type ModuleRef, registerInternalPackage } from "@exca/executors";
import type { InfraMethod } from "./binding.js";

registerInternalPackage(new URL("..", import.meta.url).href);

const refs = new WeakMap<Function, Promise<ModuleRef>>();

/**
 * The module and export of an object's class, for a worker process to rebuild it; searched in the module
 * where the decorated method was defined. Throws a LocateError explaining the fix when not exported there.
 */
export function locateTarget(owner: object, method: InfraMethod): Promise<ModuleRef> {
  const cls = owner.constructor;
  let ref = refs.get(cls);
  if (ref === undefined) {
    ref = locateExport(cls, method.site, cls.name);
    refs.set(cls, ref);
    ref.catch(() => refs.delete(cls));
  }
  return ref;
}

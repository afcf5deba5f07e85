import { getLogger } from "@exca/config";
import type { FieldKey, FieldPath } from "./field-names.js";
import { moduleId } from "./module-id.js";

const log = getLogger("task");

/** Which infra a decorated method uses, and how. */
export interface ApplyOptions<This = unknown> {
  /**
   * Fields (keys, or dotted paths such as `"data.x"`) left out of the cache uid only (they stay in
   * config.yaml), or a function of the object returning them, looked up at run time so that subclasses
   * can override it. The compiler checks the names against the class; the run time checks them too.
   */
  excludeFromCacheUid?: readonly FieldPath<This>[] | ((self: This) => readonly FieldPath<This>[]);
  /** The infra field this method uses, when the class has several (a field of the class). @default the only infra field */
  infra?: FieldKey<This>;
}

/** What a decorated method remembers. */
export interface InfraMethod {
  /** "task" or "map": which infra kind applied it. */
  kind: string;
  name: string;
  original: (this: object, ...args: never[]) => unknown;
  options: ApplyOptions;
  /** The file that defined the method (where its class is expected to be exported). */
  site?: string;
  /** The wrapper that replaced the method on the prototype. */
  wrapper?: Function;
  /** The class whose prototype holds the decorated method (set on first use). */
  definingClass?: Function;
}

const METHOD: unique symbol = Symbol.for("exca.infraMethod");

/** Marks a wrapper function as the decorated form of a method. */
export function markMethod(wrapper: Function, info: InfraMethod): void {
  info.wrapper = wrapper;
  Object.defineProperty(wrapper, METHOD, { value: info });
}

/** The decorated method a function stands for, if it is one. */
export function methodInfo(fn: unknown): InfraMethod | undefined {
  return typeof fn === "function" ? (fn as { [METHOD]?: InfraMethod })[METHOD] : undefined;
}

const methodsByClass = new WeakMap<Function, InfraMethod[]>();

/** Every decorated method of a class and its parents (the nearest definition of each name wins). */
export function infraMethods(cls: Function): InfraMethod[] {
  let found = methodsByClass.get(cls);
  if (found !== undefined) return found;
  found = [];
  const seen = new Set<string>();
  for (
    let proto = cls.prototype;
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const info = methodInfo(Object.getOwnPropertyDescriptor(proto, name)?.value);
      if (info === undefined || seen.has(info.name)) continue;
      seen.add(info.name);
      info.definingClass ??= proto.constructor as Function;
      found.push(info);
    }
  }
  methodsByClass.set(cls, found);
  return found;
}

/** The object an infra serves and the field that holds it ({@link ownerOf}). */
export interface Owner {
  owner: object;
  key: string;
}

const owners = new WeakMap<object, Owner>();

/** Records which object an infra instance serves (called by the infra's `onParent` hook). */
export function setOwner(infra: object, owner: object, key: string): void {
  owners.set(infra, { owner, key });
}

/** The object an infra serves; throws a clear error for a standalone infra. */
export function ownerOf(infra: object): Owner {
  const found = owners.get(infra);
  if (found === undefined) {
    throw new TypeError(
      "this infra is not a field of a config object: create it through its owner, e.g. new MyTask({ infra: {...} })",
    );
  }
  return found;
}

/** The method an infra field drives on its owner. */
export function methodFor(owner: object, key: string, kind: string): InfraMethod {
  const candidates = infraMethods(owner.constructor).filter((info) => info.kind === kind);
  const explicit = candidates.filter((info) => info.options.infra === key);
  const chosen =
    explicit.length > 0 ? explicit : candidates.filter((info) => info.options.infra === undefined);
  if (chosen.length === 1) return chosen[0]!;
  const name = owner.constructor.name;
  if (chosen.length === 0)
    throw new TypeError(`${name}.${key} is an infra but no method of ${name} is decorated with it`);
  log.debug(`several methods use ${name}.${key}`);
  throw new TypeError(
    `several methods of ${name} use an infra: pass { infra: "${key}" } to the one that uses ${key}`,
  );
}

/**
 * `<module>.<Class>.<method>` (see {@link moduleId}; the module where the method was decorated, where
 * subclasses are expected too): the runtime class when it still uses the decorated method (a subclass
 * without an override), else the class that decorated it (a subclass overriding the method without
 * decorating it). Two classes of the same name in different modules thus never share a cache folder.
 */
export function methodId(owner: object, info: InfraMethod): string {
  const module = moduleId(info.site);
  const legacy = legacyMethodId(owner, info);
  return module === undefined ? legacy : `${module}.${legacy}`;
}

/** `<Class>.<method>`: the folder name of the layout before the module was part of it (read as a fallback). */
export function legacyMethodId(owner: object, info: InfraMethod): string {
  const runtime = owner.constructor;
  const current = (owner as Record<string, unknown>)[info.name];
  const cls = current === info.wrapper ? runtime : (info.definingClass ?? runtime);
  return `${cls.name}.${info.name}`;
}

/**
 * The infra field of an object that a decorated method uses: the `infra` option, else the only field
 * holding an instance of `infraClass`; a clear error otherwise.
 */
export function infraKeyOf(owner: object, info: InfraMethod, infraClass: Function): string {
  if (info.options.infra !== undefined) return info.options.infra;
  const fields = owner as Record<string, unknown>;
  const keys = Object.keys(fields).filter((key) => fields[key] instanceof infraClass);
  if (keys.length === 1) return keys[0]!;
  const name = owner.constructor.name;
  const infra = infraClass.name;
  throw new TypeError(
    keys.length === 0
      ? `${name}.${info.name} is a ${info.kind} method but ${name} has no ${infra} field (add infra: ${infra}.field())`
      : `${name} has several ${infra} fields (${keys.join(", ")}): pass { infra: "<field>" } to @${infra}.apply`,
  );
}

/** Replaces a method on a class's prototype by its decorated form (the decorator-free `applyTo`). */
export function replaceMethod(
  cls: Function,
  method: string,
  wrap: (original: InfraMethod["original"]) => Function,
): void {
  const original = (cls.prototype as Record<string, unknown>)[method];
  if (typeof original !== "function") throw new TypeError(`${cls.name} has no method "${method}"`);
  Object.defineProperty(cls.prototype, method, {
    value: wrap(original as InfraMethod["original"]),
    writable: true,
    configurable: true,
  });
}

/**
 * Throws when a decorator was called the legacy way (`"experimentalDecorators": true` calls it with
 * `(prototype, key, descriptor)`, which would silently leave the method undecorated), naming the fix.
 */
export function checkStandardDecorator(decorator: string, context: unknown, target: unknown): void {
  if (typeof context === "object" && context !== null && "kind" in context) return;
  const owner = (target as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? "the class";
  const method = typeof context === "string" ? context : "method";
  const infra = decorator.slice(1, decorator.indexOf("."));
  throw new TypeError(
    `${decorator} on ${owner}.${method} was called as a legacy decorator ("experimentalDecorators": true in ` +
      `tsconfig.json): exca needs TC39 standard decorators. Remove "experimentalDecorators" from the tsconfig ` +
      `of this module (TypeScript 5+ then compiles standard decorators), or keep it and, instead of the ` +
      `decorator, call ${infra}.applyTo(${owner}, "${method}", options) after the class.`,
  );
}

import { type InfraMethod, methodInfo } from "@exca/infra";

/** Field schema (as made by `TaskInfra.field(defaults, method)`) → the method it declares. */
const declared = new WeakMap<object, string>();

/** Records that a field schema drives `method` of the class whose shape holds it. */
export function declareMethod(schema: object, method: string): void {
  if (typeof method !== "string" || method === "")
    throw new TypeError(
      `TaskInfra.field(defaults, method): method must be a method name, got ${String(method)}`,
    );
  declared.set(schema, method);
}

/** The method that the `key` field of the owner's class declares, if it declares one. */
function declaredMethod(owner: object, key: string): string | undefined {
  const shape = (owner.constructor as { shape?: Record<string, unknown> }).shape;
  const schema = shape?.[key];
  return typeof schema === "object" && schema !== null ? declared.get(schema) : undefined;
}

/**
 * The decorated method that the `key` field declares (undefined when the field declares none); throws
 * when the declaration and the class disagree, naming the fix: the field's type promises that method's
 * result, so any other method would make `infra.job()` lie.
 */
export function declaredMethodInfo(owner: object, key: string): InfraMethod | undefined {
  const method = declaredMethod(owner, key);
  if (method === undefined) return undefined;
  const name = owner.constructor.name;
  const field = `${name}.${key} (TaskInfra.field(..., "${method}"))`;
  const value = (owner as Record<string, unknown>)[method];
  if (typeof value !== "function")
    throw new TypeError(
      `${field} names a method that ${name} does not have: pass the name of the decorated method to TaskInfra.field`,
    );
  const info = methodInfo(value);
  if (info === undefined || info.kind !== "task")
    throw new TypeError(
      `${field}: ${name}.${method} is not a task method: decorate it with @TaskInfra.apply() (a subclass that overrides it decorates it again), or call TaskInfra.applyTo(${name}, "${method}") after the class`,
    );
  if (info.options.infra !== undefined && info.options.infra !== key)
    throw new TypeError(
      `${field}: ${name}.${method} is decorated for the infra field "${info.options.infra}": pass the method to that field's TaskInfra.field instead`,
    );
  return info;
}

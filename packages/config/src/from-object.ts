import { ConfDict } from "./confdict.js";
import { failAt } from "./errors.js";
import { isPlainObject } from "./json.js";

/**
 * Builds a config from data whose shape is known only at run time (CLI overrides, parsed JSON): nested
 * or dotted keys. The constructor's input type cannot check such data, so the run time does: every
 * problem is a `ConfigError`. `subject` names the data in errors.
 */
export function fromObject<T>(cls: new (input: never) => T, data: unknown, subject = `${cls.name} input`): T {
  if (!isPlainObject(data)) return failAt(subject, "", "expected a mapping at the top level");
  const Concrete = cls as unknown as new (input: unknown) => T;
  return new Concrete(new ConfDict(data).toObject());
}

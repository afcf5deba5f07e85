import { ConfDict } from "./confdict.js";
import { failAt } from "./errors.js";
import { toConfig } from "./export.js";
import { isConfigInstance, isPlainObject } from "./json.js";
import { dumpYaml, parseYaml } from "./yaml-io.js";

/** YAML of a config (its full export), of a ConfDict, or of plain data; keys sorted. */
export function toYaml(value: unknown): string {
  if (isConfigInstance(value)) return dumpYaml(toConfig(value));
  if (value instanceof ConfDict) return dumpYaml(value.toObject());
  return dumpYaml(value);
}

/** Builds a config from YAML text (nested or dotted keys); every problem is a `ConfigError`. */
export function fromYaml<T>(cls: new (input: never) => T, text: string): T {
  const data = parseYaml(text, `${cls.name} YAML`);
  if (!isPlainObject(data)) return failAt(`${cls.name} YAML`, "", "expected a mapping at the top level");
  const Concrete = cls as unknown as new (input: unknown) => T;
  return new Concrete(new ConfDict(data).toObject());
}

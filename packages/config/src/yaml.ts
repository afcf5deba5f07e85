import { ConfDict } from "./confdict.js";
import { toConfig } from "./export.js";
import { fromObject } from "./from-object.js";
import { isConfigInstance } from "./json.js";
import { dumpYaml, parseYaml } from "./yaml-io.js";

/** YAML of a config (its full export), of a ConfDict, or of plain data; keys sorted. */
export function toYaml(value: unknown): string {
  if (isConfigInstance(value)) return dumpYaml(toConfig(value));
  if (value instanceof ConfDict) return dumpYaml(value.toObject());
  return dumpYaml(value);
}

/** Builds a config from YAML text (nested or dotted keys); every problem is a `ConfigError`. */
export function fromYaml<T>(cls: new (input: never) => T, text: string): T {
  const subject = `${cls.name} YAML`;
  return fromObject(cls, parseYaml(text, subject), subject);
}

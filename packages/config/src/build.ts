import { type ConfigIssue, joinPath, preview } from "./errors.js";
import { frozenCopy, isConfigInstance, isPlainObject } from "./json.js";
import {
  type ClassPlan,
  fillDefaults,
  type Node,
  type PropPlan,
  parentHook,
  type TypeBoxError,
} from "./plan.js";
import type { AnyConfigClass } from "./types.js";

/** Wraps fields that were already validated, so a nested instance is built without checking twice. */
export class Prebuilt {
  readonly fields: Record<string, unknown>;
  constructor(fields: Record<string, unknown>) {
    this.fields = fields;
  }
}

/** Returns the compiled plan of a config class (defined by `Config()`). */
export type PlanOf = (cls: AnyConfigClass) => ClassPlan;

/** Builds instances from raw input, collecting every issue instead of stopping at the first. */
export class Builder {
  readonly issues: ConfigIssue[] = [];
  readonly #planOf: PlanOf;

  constructor(planOf: PlanOf) {
    this.#planOf = planOf;
  }

  /** Validates `input` against a class and returns its frozen fields (meaningful only without issues). */
  fields(cls: AnyConfigClass, input: unknown, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (!isPlainObject(input)) {
      this.issues.push({ path, message: `expected an object for ${cls.name}, got ${preview(input)}` });
      return out;
    }
    const plan = this.#planOf(cls);
    for (const key of Object.keys(input)) {
      if (plan.byKey.has(key)) continue;
      if (key === "__proto__") this.issues.push({ path: joinPath(path, key), message: "forbidden key" });
      else if (plan.allowExtra) out[key] = frozenCopy(input[key], joinPath(path, key), this.issues);
      else this.issues.push({ path: joinPath(path, key), message: unknownField(cls, key, plan) });
    }
    for (const prop of plan.props) {
      const value = this.#withDefault(prop, input[prop.key]);
      if (value !== undefined) out[prop.key] = value;
    }
    if (!plan.check(out)) this.#addCheckErrors(plan.errors(out), out, path);
    for (const prop of plan.props) {
      const value = out[prop.key];
      if (value === undefined || (prop.node === null && isSafePrimitive(value))) continue;
      const at = joinPath(path, prop.key);
      out[prop.key] =
        prop.node === null ? frozenCopy(value, at, this.issues) : this.nodeValue(prop.node, value, at);
    }
    return out;
  }

  /** Returns an instance of `cls` for `input` (an instance already, or raw input), or undefined on issues. */
  instance(cls: AnyConfigClass, input: unknown, path: string): object | undefined {
    if (input instanceof cls)
      return parentHook(cls) === undefined ? input : this.instance(cls, { ...input }, path);
    if (isConfigInstance(input)) {
      this.issues.push({ path, message: `expected ${cls.name}, got ${preview(input)}` });
      return undefined;
    }
    const before = this.issues.length;
    const fields = this.fields(cls, input, path);
    if (this.issues.length > before) return undefined;
    const Concrete = cls as unknown as new (input: Prebuilt) => object;
    return new Concrete(new Prebuilt(fields));
  }

  #withDefault(prop: PropPlan, given: unknown): unknown {
    const value = this.#topDefault(prop, given);
    return prop.nestedDefaults && value !== undefined ? fillDefaults(prop.schema, value) : value;
  }

  #topDefault(prop: PropPlan, given: unknown): unknown {
    if (given === undefined) return prop.hasDefault ? prop.defaultValue : undefined;
    if (prop.inheritDefault && isPlainObject(given) && isPlainObject(prop.defaultValue)) {
      return { ...prop.defaultValue, ...given };
    }
    return given;
  }

  /** Builds the config instances that a field value holds at the positions `node` describes. */
  nodeValue(node: Node, value: unknown, path: string): unknown {
    switch (node.kind) {
      case "config":
        return this.instance(node.cls, value, path);
      case "oneOf": {
        for (const member of node.members.values()) if (value instanceof member) return value;
        if (!isPlainObject(value)) return this.instance([...node.members.values()][0]!, value, path);
        const tag = value[node.key];
        const cls = typeof tag === "string" ? node.members.get(tag) : undefined;
        if (cls !== undefined) return this.instance(cls, value, path);
        const options = [...node.members.keys()].map((k) => JSON.stringify(k)).join(", ");
        const message =
          tag === undefined
            ? `missing tag "${node.key}": expected one of ${options}`
            : `unknown ${node.key} ${preview(tag)}: expected one of ${options}`;
        this.issues.push({ path: joinPath(path, node.key), message });
        return undefined;
      }
      case "array":
        if (!Array.isArray(value)) return value;
        return Object.freeze(value.map((item, i) => this.nodeValue(node.item, item, joinPath(path, i))));
      case "record": {
        if (!isPlainObject(value)) return value;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value))
          out[key] = this.nodeValue(node.value, value[key], joinPath(path, key));
        return Object.freeze(out);
      }
      case "union":
        return value === null || typeof value !== "object" ? value : this.nodeValue(node.inner, value, path);
    }
  }

  #addCheckErrors(errors: Iterable<TypeBoxError>, root: unknown, path: string): void {
    for (const error of errors) {
      if (error.keyword === "required") {
        const missing = (error.params.requiredProperties as string[] | undefined) ?? [];
        const base = path + error.instancePath;
        for (const key of missing)
          this.issues.push({ path: joinPath(base, key), message: "missing required field" });
        continue;
      }
      const given = valueAt(root, error.instancePath);
      const expected = error.message.replace(/^must be /, "expected ").replace(/^must /, "expected to ");
      this.issues.push({ path: path + error.instancePath, message: `${expected}, got ${preview(given)}` });
    }
  }
}

/** Strings, booleans and finite numbers (but -0, made 0 by the copy) need neither a copy nor a check. */
function isSafePrimitive(value: unknown): boolean {
  const type = typeof value;
  return (
    type === "string" ||
    type === "boolean" ||
    (type === "number" && Number.isFinite(value) && !Object.is(value, -0))
  );
}

function unknownField(cls: AnyConfigClass, key: string, plan: ClassPlan): string {
  const known = [...plan.byKey.keys()].join(", ");
  return `unknown field "${key}" (${cls.name} accepts: ${known || "no fields"})`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

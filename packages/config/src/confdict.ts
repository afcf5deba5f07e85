import { failAt } from "./errors.js";
import { cloneJson, isConfigInstance, isPlainObject } from "./json.js";
import { uid } from "./uid.js";
import { dumpYaml, parseYaml, parseYamlScalar } from "./yaml-io.js";

/** Plain nested data as ConfDict reads and writes it (exported as `ConfDictTree`). */
export type Tree = Record<string, unknown>;

/** Splits a dotted key; a key without dots is taken literally (even `""`). */
function parts(key: string): string[] {
  const split = key.includes(".") ? key.split(".") : [key];
  for (const part of split) {
    if (part === "__proto__" || (split.length > 1 && part === "")) {
      failAt("ConfDict key", `/${key}`, `invalid key part "${part}"`);
    }
  }
  return split;
}

/** An own property of a plain object (never an inherited one such as `constructor`). */
function own(container: Tree, key: string): unknown {
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

/** Expands dotted keys into nested objects, recursively: `{"a.b": 1}` → `{ a: { b: 1 } }`. */
export function unflatten(data: Tree): Tree {
  return new ConfDict(data).toObject();
}

/** Flattens nested objects into dotted keys; empty objects and non-objects are leaves. */
export function flatten(data: Tree, prefix = ""): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(data)) {
    const dotted = prefix === "" ? key : `${prefix}.${key}`;
    if (isPlainObject(value) && Object.keys(value).length > 0) Object.assign(out, flatten(value, dotted));
    else out[dotted] = value;
  }
  return out;
}

/** Collapses single-key chains into dotted keys (`{a: {b: 1}}` → `{"a.b": 1}`), as uid.yaml shows them. */
export function simplify(data: Tree): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue; // not written, as in JSON (so `{a: {b: undefined}}` stays `a: {}`)
    if (!isPlainObject(value)) {
      out[key] = Array.isArray(value)
        ? value.map((item) => (isPlainObject(item) ? simplify(item) : item))
        : value;
      continue;
    }
    const inner = simplify(value);
    const keys = Object.keys(inner);
    if (keys.length === 1) out[`${key}.${keys[0]}`] = inner[keys[0]!];
    else out[key] = inner;
  }
  return out;
}

/**
 * A nested config dictionary addressed by dotted keys (`"data.x"`), as used for overrides, CLI
 * arguments and uid files. A digit part indexes an array (`"layers.0.size"`).
 */
export class ConfDict {
  /** A sub-object holding this key set to `true` replaces the existing sub-object instead of merging. */
  static readonly REPLACE = "=replace=";
  readonly #data: Tree = {};

  /** Builds from nested and/or dotted data (copied). */
  constructor(data: Tree | ConfDict = {}) {
    this.update(data);
  }

  /** Parses YAML text (safe: no custom tags); the top level must be a mapping. */
  static fromYaml(text: string): ConfDict {
    const data = parseYaml(text, "ConfDict YAML");
    if (!isPlainObject(data)) return failAt("ConfDict YAML", "", "expected a mapping at the top level");
    return new ConfDict(data);
  }

  /** Parses `["--optim.lr=0.01", "--name=x"]`; values are read as YAML scalars (`3` → 3, `true` → true). */
  static fromArgs(args: readonly string[]): ConfDict {
    const out = new ConfDict();
    for (const [i, arg] of args.entries()) {
      const match = /^--([^=]+)=(.*)$/s.exec(arg);
      if (match === null) failAt("arguments", `/${i}`, `expected --key=value, got ${JSON.stringify(arg)}`);
      out.set(match[1]!, parseYamlScalar(match[2]!));
    }
    return out;
  }

  /** The value at a dotted key, or undefined. */
  get(key: string): unknown {
    let current: unknown = this.#data;
    for (const part of parts(key)) {
      if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
      else if (isPlainObject(current)) current = own(current, part);
      else return undefined;
    }
    return current;
  }

  /** True when a dotted key holds a value. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets a value at a dotted key, creating intermediate objects. */
  set(key: string, value: unknown): this {
    const path = parts(key);
    const last = path.pop()!;
    let current: unknown = this.#data;
    for (const part of path) {
      const container = current as Tree | unknown[];
      const next = indexInto(container, part, key);
      if (!isPlainObject(next) && !Array.isArray(next)) {
        const created: Tree = {};
        assign(container, part, created, key);
        current = created;
      } else current = next;
    }
    assign(current as Tree | unknown[], last, expand(value), key);
    return this;
  }

  /** Removes a dotted key; parents left empty are removed too. Returns whether something was removed. */
  delete(key: string): boolean {
    const path = parts(key);
    const chain: Tree[] = [this.#data];
    for (const part of path.slice(0, -1)) {
      const next = own(chain[chain.length - 1]!, part);
      if (!isPlainObject(next)) return false;
      chain.push(next);
    }
    const last = path[path.length - 1]!;
    if (!Object.hasOwn(chain[chain.length - 1]!, last)) return false;
    delete chain[chain.length - 1]![last];
    for (let i = chain.length - 1; i > 0 && Object.keys(chain[i]!).length === 0; i--)
      delete chain[i - 1]![path[i - 1]!];
    return true;
  }

  /** Merges nested and/or dotted data in; sub-objects merge unless they carry `"=replace=": true`. */
  update(other: Tree | ConfDict): this {
    const data = other instanceof ConfDict ? other.toObject() : other;
    for (const [key, value] of Object.entries(data)) {
      const replace = isPlainObject(value) && value[ConfDict.REPLACE] === true;
      const existing = this.get(key);
      if (isPlainObject(value) && !replace && isPlainObject(existing)) {
        const sub = new ConfDict(existing as Tree).update(value);
        this.set(key, sub.toObject());
      } else if (replace) {
        const { [ConfDict.REPLACE]: _, ...rest } = value as Tree;
        this.set(key, rest);
      } else this.set(key, value);
    }
    return this;
  }

  /** Dotted-key view of the leaves. */
  flat(): Tree {
    return flatten(this.#data);
  }

  /** A nested copy of the data. */
  toObject(): Tree {
    return cloneJson(this.#data);
  }

  /** YAML with sorted keys and single-key chains as dotted keys (the `uid.yaml` form). */
  toYaml(): string {
    return dumpYaml(simplify(this.#data));
  }

  /** The uid of the data (see `uid`). */
  toUid(): string {
    return uid(this.#data);
  }
}

function indexInto(container: Tree | unknown[], part: string, key: string): unknown {
  if (Array.isArray(container)) {
    if (!/^\d+$/.test(part)) return failAt("ConfDict key", `/${key}`, `"${part}" cannot index a list`);
    return container[Number(part)];
  }
  return own(container, part);
}

function assign(container: Tree | unknown[], part: string, value: unknown, key: string): void {
  if (Array.isArray(container)) {
    if (!/^\d+$/.test(part)) failAt("ConfDict key", `/${key}`, `"${part}" cannot index a list`);
    container[Number(part)] = value;
  } else container[part] = value;
}

/** Copies a value, expanding dotted keys in nested objects; config instances become their full export. */
function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (isConfigInstance(value))
    failAt("ConfDict value", "", "export configs with toConfig() before storing them");
  if (!isPlainObject(value)) return value;
  const sub = new ConfDict();
  for (const [key, inner] of Object.entries(value)) sub.set(key, inner);
  return sub.toObject();
}

import type { TSchema } from "typebox";
import type { AnyConfigClass, ConfigOptions, Shape } from "./types.js";
import { Compile, IsOptional } from "./vendor.js";

/** Symbol under which field schemas made by `MyConfig.field()` / `OneOf()` carry what they hold. */
export const FIELD_INFO: unique symbol = Symbol("exca.field");

/** A field schema holding one config class. */
export interface ConfigFieldInfo {
  kind: "config";
  cls: AnyConfigClass;
  hasDefault: boolean;
  defaultInput: unknown;
}

/** A field schema holding one of several config classes, chosen by a tag field. */
export interface OneOfInfo {
  kind: "oneOf";
  key: string;
  members: ReadonlyMap<string, AnyConfigClass>;
}

/** Where config instances live inside a field value, so that building and export can walk only there. */
export type Node =
  | ConfigFieldInfo
  | OneOfInfo
  | { kind: "array"; item: Node }
  | { kind: "record"; value: Node }
  | { kind: "union"; inner: Node };

/** Everything precomputed about one field. */
export interface PropPlan {
  key: string;
  optional: boolean;
  hasDefault: boolean;
  /** Plain default from the schema, or the default input of a config field. */
  defaultValue: unknown;
  node: Node | null;
  /** The schema holds defaults below its top level (plain nested objects), to fill before checking. */
  nestedDefaults: boolean;
  /** The field's schema. */
  schema: JsonSchema;
  /** Merge partial inputs over the default input (infra heritage). */
  inheritDefault: boolean;
  /** Lazily computed exports of the default, keyed by export flags. */
  defaultDumps: Map<string, unknown>;
}

/** Everything precomputed about one config class: compiled once, used by every instance. */
export interface ClassPlan {
  props: PropPlan[];
  byKey: Map<string, PropPlan>;
  allowExtra: boolean;
  excluded: ReadonlySet<string>;
  /** Fields whose config class wants to know its parent (`onParent`). */
  parented: PropPlan[];
  check: (value: unknown) => boolean;
  errors: (value: unknown) => Iterable<TypeBoxError>;
}

/** The subset of a TypeBox error that we read. */
export interface TypeBoxError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

export type JsonSchema = Record<string, unknown> & { [FIELD_INFO]?: ConfigFieldInfo | OneOfInfo };

/** True when a shape entry is a class rather than a schema. */
export function isClassSpec(spec: unknown): spec is AnyConfigClass {
  return typeof spec === "function";
}

/** The schema of a shape entry: config classes become required config fields. */
export function fieldSchema(spec: TSchema | AnyConfigClass): JsonSchema {
  if (!isClassSpec(spec)) return spec as unknown as JsonSchema;
  const field = (spec as unknown as { field?: () => TSchema }).field;
  if (typeof field !== "function") throw new TypeError(`${spec.name || "class"} is not a config class`);
  return field.call(spec) as unknown as JsonSchema;
}

function patternValue(schema: JsonSchema): JsonSchema | undefined {
  const patterns = schema.patternProperties as Record<string, JsonSchema> | undefined;
  if (patterns !== undefined) return Object.values(patterns)[0];
  const extra = schema.additionalProperties;
  return typeof extra === "object" && extra !== null ? (extra as JsonSchema) : undefined;
}

/** Finds config positions inside a schema; null when the value holds no config instance. */
export function nodeOf(schema: JsonSchema): Node | null {
  const info = schema[FIELD_INFO];
  if (info !== undefined) return info;
  if (schema.type === "array" && typeof schema.items === "object" && schema.items !== null) {
    const item = nodeOf(schema.items as JsonSchema);
    return item === null ? null : { kind: "array", item };
  }
  if (schema.type === "object") {
    const valueSchema = patternValue(schema);
    const value = valueSchema === undefined ? null : nodeOf(valueSchema);
    return value === null ? null : { kind: "record", value };
  }
  const branches = schema.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(branches)) {
    const nodes = branches.map(nodeOf).filter((node): node is Node => node !== null);
    if (nodes.length > 1) {
      throw new TypeError("a union of several config classes needs a tag: use OneOf([A, B], 'kind')");
    }
    return nodes[0] === undefined ? null : { kind: "union", inner: nodes[0] };
  }
  return null;
}

/** True when defaults sit inside the schema (object properties, array items), not only at its top. */
function hasNestedDefaults(schema: JsonSchema): boolean {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties !== undefined) {
    for (const child of Object.values(properties))
      if ("default" in child || hasNestedDefaults(child)) return true;
  }
  if (typeof schema.items === "object" && schema.items !== null)
    return hasNestedDefaults(schema.items as JsonSchema);
  return false;
}

/** A copy of `value` with the defaults of plain nested object schemas filled in (the input is not changed). */
export function fillDefaults(schema: JsonSchema, value: unknown): unknown {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties !== undefined && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, child] of Object.entries(properties)) {
      if (out[key] === undefined && "default" in child) out[key] = structuredClone(child.default);
      if (out[key] !== undefined) out[key] = fillDefaults(child, out[key]);
    }
    return out;
  }
  if (Array.isArray(value) && typeof schema.items === "object" && schema.items !== null) {
    return value.map((item) => fillDefaults(schema.items as JsonSchema, item));
  }
  return value;
}

/** Replaces config positions by "anything" so the compiled checker validates only the plain parts. */
function stripConfigs(schema: JsonSchema): JsonSchema {
  if (schema[FIELD_INFO] !== undefined) return {};
  if (nodeOf(schema) === null) return schema;
  const out: JsonSchema = { ...schema };
  if (schema.items !== undefined) out.items = stripConfigs(schema.items as JsonSchema);
  const patterns = schema.patternProperties as Record<string, JsonSchema> | undefined;
  if (patterns !== undefined) {
    out.patternProperties = Object.fromEntries(
      Object.entries(patterns).map(([k, v]) => [k, stripConfigs(v)]),
    );
  }
  if (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null) {
    out.additionalProperties = stripConfigs(schema.additionalProperties as JsonSchema);
  }
  if (Array.isArray(schema.anyOf)) out.anyOf = (schema.anyOf as JsonSchema[]).map(stripConfigs);
  return out;
}

/** True when TypeBox marked the schema optional (`Type.Optional`). */
export function isOptionalSchema(schema: JsonSchema): boolean {
  return IsOptional(schema);
}

/** Compiles the plan of a config class; called once per class, on first use. */
export function compilePlan(shape: Shape, options: ConfigOptions, className: string): ClassPlan {
  const props: PropPlan[] = [];
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(shape)) {
    const schema = fieldSchema(spec);
    const node = nodeOf(schema);
    const info = schema[FIELD_INFO];
    const configDefault = info?.kind === "config" && info.hasDefault;
    const hasDefault = configDefault || "default" in schema;
    const optional = isOptionalSchema(schema);
    props.push({
      key,
      optional,
      hasDefault,
      defaultValue: configDefault ? info.defaultInput : schema.default,
      node,
      nestedDefaults: node === null && hasNestedDefaults(schema),
      schema,
      inheritDefault: configDefault && inheritsDefault(info.cls),
      defaultDumps: new Map(),
    });
    properties[key] = stripConfigs(schema);
    if (!optional && !hasDefault) required.push(key);
  }
  const excluded = new Set(options.excludeFromUid ?? []);
  for (const name of excluded) {
    if (!(name in shape)) throw new TypeError(`${className}: excludeFromUid names unknown field "${name}"`);
  }
  const checker = Compile({ type: "object", properties, required } as unknown as TSchema);
  return {
    props,
    byKey: new Map(props.map((prop) => [prop.key, prop])),
    allowExtra: options.extra === "allow",
    excluded,
    parented: props.filter((prop) => prop.node?.kind === "config" && parentHook(prop.node.cls) !== undefined),
    check: (value) => checker.Check(value),
    errors: (value) => checker.Errors(value) as unknown as Iterable<TypeBoxError>,
  };
}

/** The `onParent` hook of a config class, if any. */
export function parentHook(cls: AnyConfigClass): ConfigOptions["onParent"] {
  return (cls as unknown as { options?: ConfigOptions }).options?.onParent;
}

function inheritsDefault(cls: AnyConfigClass): boolean {
  return (cls as unknown as { options?: ConfigOptions }).options?.inheritFieldDefault === true;
}

import type { TObject, TSchema } from "typebox";
import { Builder, Prebuilt } from "./build.js";
import { ConfigError } from "./errors.js";
import { CONFIG_BRAND, cloneJson } from "./json.js";
import {
  type ClassPlan,
  type ConfigFieldInfo,
  compilePlan,
  FIELD_INFO,
  fieldSchema,
  isOptionalSchema,
  type OneOfInfo,
  parentHook,
} from "./plan.js";
import type { TagKeys } from "./tags.js";
import type {
  AnyConfigClass,
  ConfigClass,
  ConfigOptions,
  HasDefault,
  MemberInput,
  Shape,
  TOneOf,
} from "./types.js";

const PLAN: unique symbol = Symbol("exca.plan");

/** What `extra` may be: "forbid" or "allow". */
export type ExtraPolicy = NonNullable<ConfigOptions["extra"]>;

/** The options of `Config(shape, options)`, with the literal types that the class's types depend on. */
export type ClassOptions<S extends Shape, E extends ExtraPolicy, I extends boolean> = ConfigOptions<
  keyof S & string
> & {
  extra?: E;
  inheritFieldDefault?: I;
};

/** Common ancestor of every config class; carries the brand that `isConfig` looks for. */
abstract class ConfigRoot {}
Object.defineProperty(ConfigRoot.prototype, CONFIG_BRAND, { value: true });

/** Returns the compiled plan of a config class. */
export function planOf(cls: AnyConfigClass): ClassPlan {
  const get = (cls as unknown as { [PLAN]?: () => ClassPlan })[PLAN];
  if (get === undefined) throw new TypeError(`${cls.name} is not a config class`);
  return get.call(cls);
}

/** True for instances of classes made by `Config()`. */
export function isConfig(value: unknown): value is object {
  return (
    value instanceof ConfigRoot || (typeof value === "object" && value !== null && CONFIG_BRAND in value)
  );
}

/**
 * Creates a config base class from a shape of TypeBox schemas and config classes. Instances are
 * validated (every issue reported in one `ConfigError`), filled with defaults and deeply frozen.
 * Subclasses add methods; they must not declare instance fields (instances are frozen).
 */
export function Config<const S extends Shape, E extends ExtraPolicy = "forbid", I extends boolean = false>(
  shape: S,
  options: ClassOptions<S, E, I> = {},
): ConfigClass<S, E, I> {
  let plan: ClassPlan | undefined;
  let schema: TObject | undefined;
  const frozenOptions: Readonly<ConfigOptions> = Object.freeze({ ...options });
  class Base extends ConfigRoot {
    static readonly shape: S = shape;
    static readonly options: Readonly<ConfigOptions> = frozenOptions;
    static get schema(): TObject {
      schema ??= jsonSchemaOf(shape, frozenOptions, this.name);
      return schema;
    }
    static field(this: AnyConfigClass, defaultInput?: unknown): TSchema {
      return configField(this, defaultInput);
    }
    static [PLAN](this: AnyConfigClass): ClassPlan {
      plan ??= compilePlan(shape, frozenOptions, this.name);
      return plan;
    }
    constructor(input?: unknown) {
      super();
      const fields = input instanceof Prebuilt ? input.fields : buildFields(new.target, input);
      Object.assign(this, fields);
      Object.freeze(this);
      for (const prop of planOf(new.target).parented) {
        const child = fields[prop.key];
        if (child !== undefined)
          parentHook((child as object).constructor as AnyConfigClass)?.(child as object, this, prop.key);
      }
    }
  }
  return Base as unknown as ConfigClass<S, E, I>;
}

function buildFields(cls: AnyConfigClass, input: unknown): Record<string, unknown> {
  const builder = new Builder(planOf);
  const fields = builder.fields(cls, input ?? {}, "");
  if (builder.issues.length > 0) throw new ConfigError(cls.name, builder.issues);
  return fields;
}

function configField(cls: AnyConfigClass, defaultInput: unknown): TSchema {
  const hasDefault = defaultInput !== undefined;
  if (hasDefault) new (cls as unknown as new (input: unknown) => object)(defaultInput);
  const info: ConfigFieldInfo = {
    kind: "config",
    cls,
    hasDefault,
    defaultInput: hasDefault ? Object.freeze(cloneJson(defaultInput)) : undefined,
  };
  const base = (cls as unknown as { schema: TObject }).schema;
  const field: Record<string | symbol, unknown> = { ...base, [FIELD_INFO]: info };
  if (hasDefault) field.default = info.defaultInput;
  return field as unknown as TSchema;
}

/** Builds the JSON Schema of a config class, nested config classes inlined. */
function jsonSchemaOf(shape: Shape, options: ConfigOptions, title: string): TObject {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(shape)) {
    const schema = fieldSchema(spec);
    properties[key] = schema;
    if (!isOptionalSchema(schema) && !("default" in schema)) required.push(key);
  }
  const additionalProperties = options.extra === "allow";
  return { type: "object", title, properties, required, additionalProperties } as unknown as TObject;
}

/** Options of {@link OneOf}. */
export interface OneOfOptions<D> {
  /** The input used when the field is left out: a member's input, tag included. */
  default: D;
}

/**
 * A field holding one of several config classes, chosen by the value of a tag field that each class
 * declares as a literal (e.g. `kind: Type.Literal("a")`); `key` must be such a field of every member.
 * An unknown tag lists the options. With `{ default }`, the field may be left out.
 */
export function OneOf<const C extends readonly [AnyConfigClass, ...AnyConfigClass[]], K extends TagKeys<C>>(
  classes: C,
  key: K,
): TOneOf<C[number], K>;
export function OneOf<
  const C extends readonly [AnyConfigClass, ...AnyConfigClass[]],
  K extends TagKeys<C>,
  const D extends MemberInput<C[number], K>,
>(classes: C, key: K, options: OneOfOptions<D>): TOneOf<C[number], K> & HasDefault<D>;
export function OneOf(
  classes: readonly AnyConfigClass[],
  key: string,
  options?: OneOfOptions<unknown>,
): TOneOf {
  const members = new Map<string, AnyConfigClass>();
  for (const cls of classes) {
    const tagSchema = (cls as unknown as { shape?: Shape }).shape?.[key] as { const?: unknown } | undefined;
    const tag = tagSchema?.const;
    if (typeof tag !== "string") {
      throw new TypeError(
        `OneOf: ${cls.name} needs a literal tag field "${key}", e.g. ${key}: Type.Literal("a")`,
      );
    }
    const clash = members.get(tag);
    if (clash !== undefined)
      throw new TypeError(`OneOf: ${clash.name} and ${cls.name} share the tag "${tag}"`);
    members.set(tag, cls);
  }
  const info: OneOfInfo = { kind: "oneOf", key, members };
  const anyOf = classes.map((cls) => (cls as unknown as { schema: TObject }).schema);
  const field: Record<string | symbol, unknown> = {
    anyOf,
    discriminator: { propertyName: key },
    [FIELD_INFO]: info,
  };
  if (options !== undefined) field.default = oneOfDefault(info, options.default);
  return field as unknown as TOneOf;
}

/** Checks a `OneOf` default once, at definition, so that a bad one fails where it is written. */
function oneOfDefault(info: OneOfInfo, input: unknown): unknown {
  const builder = new Builder(planOf);
  builder.nodeValue(info, input, "");
  if (builder.issues.length > 0) throw new ConfigError("OneOf default", builder.issues);
  return Object.freeze(cloneJson(input));
}

/** The class form for plain JavaScript users: `const MyModel = defineConfig("MyModel", shape)`. */
export function defineConfig<
  const S extends Shape,
  E extends ExtraPolicy = "forbid",
  I extends boolean = false,
>(name: string, shape: S, options?: ClassOptions<S, E, I>): ConfigClass<S, E, I> {
  const Base = Config(shape, options) as unknown as new (input?: unknown) => object;
  const cls = class extends Base {};
  Object.defineProperty(cls, "name", { value: name });
  return cls as unknown as ConfigClass<S, E, I>;
}

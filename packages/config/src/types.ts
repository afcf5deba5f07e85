import type { Static, TArray, TObject, TOptional, TRecord, TSchema, TUnion, TUnsafe } from "typebox";
import type { OwnerBound } from "./owner-bound.js";

/** Options of a config class; `Keys` are the names of its fields. */
export interface ConfigOptions<Keys extends string = string> {
  /**
   * Whether fields that the shape does not declare are rejected or kept.
   * @default "forbid"
   */
  extra?: "forbid" | "allow";
  /**
   * Fields that never change results (a device, a log level): kept in `config.yaml`, left out of the uid.
   * Only fields of this class (top-level names, no dotted paths).
   * @default []
   */
  excludeFromUid?: readonly Keys[];
  /**
   * When a field of this class has a default input (`MyClass.field({...})`) and an instance passes a
   * partial object, merge the instance's keys over the default input instead of replacing it.
   * Infra classes use this so that `infra: { folder }` keeps the class-level `version`.
   * @experimental
   * @default false
   */
  inheritFieldDefault?: boolean;
  /**
   * Called when an instance of this class becomes the value of a field of another config (its parent),
   * right after the parent is built. Each parent then gets its own copy of an instance passed in, so
   * that the hook sees one parent per instance. Infra classes use it to find the object they serve.
   * @experimental
   */
  onParent?: (instance: object, parent: object, key: string) => void;
}

/** Any class made by `Config(...)`, or a subclass of one. */
export type AnyConfigClass = abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: constructor parameters are contravariant; any is the only top type here
  ...args: any[]
) => object;

/** What a shape entry may be: a TypeBox schema or a config class. */
export type FieldSpec = TSchema | AnyConfigClass;

/** The fields of a config class: name → schema or config class. */
export type Shape = Record<string, FieldSpec>;

/** A schema that has a default value (TypeBox keeps the `default` option on the schema object). */
export interface HasDefault<D = unknown> {
  readonly default: D;
}

/**
 * A TypeBox schema whose value is an instance of the config class `C` (made by `MyConfig.field()`).
 * Like TypeBox's own `~unsafe`, `~config` exists in the type only: it says which class builds the value.
 */
export interface TConfigField<C extends AnyConfigClass = AnyConfigClass> extends TUnsafe<InstanceType<C>> {
  readonly "~config": C;
}

/** A field holding one of the config classes `C`, chosen by the literal value of their field `K` (`OneOf`). */
export interface TOneOf<C extends AnyConfigClass = AnyConfigClass, K extends string = string>
  extends TConfigField<C> {
  readonly "~tag": K;
}

/** Flattens an intersection so that hovers show one object type. */
export type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The argument of `new C(input)` (without the `undefined` of an optional argument). */
export type Input<C extends AnyConfigClass> = Exclude<ConstructorParameters<C>[0], undefined>;

/** The data of an instance of `C`: its fields, without methods. */
export type Output<C extends AnyConfigClass> = C extends { readonly shape: infer S extends Shape }
  ? ConfigFields<S>
  : never;

/** What a field holding an instance of `C` accepts: an instance, or the input of one. */
export type ValueInput<C extends AnyConfigClass> = C extends AnyConfigClass
  ? InstanceType<C> | Input<C>
  : never;

/** The value of the tag field `K` of the config class `C`. */
export type TagOf<C, K extends string> = C extends { readonly shape: infer S extends Shape }
  ? S[K] extends TSchema
    ? Static<S[K]>
    : never
  : never;

/** The input of one member of a `OneOf`, tag included (the tag says which class to build). */
export type MemberInput<C extends AnyConfigClass, K extends string> = C extends AnyConfigClass
  ? Flat<Input<C> & { readonly [P in K]: TagOf<C, K> }>
  : never;

/** What a `OneOf` field accepts: an instance of a member, or a member's input with its tag. */
export type OneOfInput<C extends AnyConfigClass, K extends string> = InstanceType<C> | MemberInput<C, K>;

/**
 * Whether a key may be left out: `Type.Optional`, or (where the builder fills defaults) a default.
 * `Fill` is false below unions, records and tuples, where values are checked as given.
 */
export type MayOmit<F, Fill extends boolean> = F extends TOptional
  ? true
  : Fill extends true
    ? F extends HasDefault
      ? true
      : false
    : false;

/** The input of a plain object schema's properties. */
export type ObjectInput<P, Fill extends boolean> = Flat<
  { [K in keyof P as MayOmit<P[K], Fill> extends true ? never : K]: SchemaInput<P[K], Fill> } & {
    [K in keyof P as MayOmit<P[K], Fill> extends true ? K : never]?: SchemaInput<P[K], Fill>;
  }
>;

/**
 * What a config accepts for a value of schema `T`: config positions accept an instance or its input,
 * and keys with defaults may be left out where the builder fills them in (plain objects and arrays).
 */
export type SchemaInput<T, Fill extends boolean = true> =
  T extends TOneOf<infer C, infer K>
    ? InstanceType<C> | MemberInput<C, K>
    : T extends TConfigField<infer C>
      ? ValueInput<C>
      : T extends TArray<infer I>
        ? readonly SchemaInput<I, Fill>[]
        : T extends TObject<infer P>
          ? ObjectInput<P, Fill>
          : T extends TUnion<infer Members>
            ? SchemaInput<Members[number], false>
            : T extends TRecord<string, infer V>
              ? { [K in keyof Static<T>]: SchemaInput<V, false> }
              : T extends TSchema
                ? Static<T>
                : never;

/** The value type of one field on an instance. */
export type FieldValue<F> = F extends AnyConfigClass
  ? InstanceType<F>
  : F extends TSchema
    ? Static<F>
    : never;

/**
 * What one shape entry accepts in a constructor's input. A field of a class with `inheritFieldDefault`
 * merges a partial input over its (complete, checked) default input, so any subset of keys will do.
 */
export type FieldInput<F> = F extends AnyConfigClass
  ? ValueInput<F>
  : F extends TConfigField<infer C> & HasDefault
    ? C extends { readonly options: { readonly inheritFieldDefault?: true } }
      ? InstanceType<C> | Flat<Partial<Input<C>>>
      : SchemaInput<F>
    : SchemaInput<F>;

/** Keys of a shape that an input may leave out (config classes given bare are required). */
export type OmittableKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends AnyConfigClass ? never : MayOmit<S[K], true> extends true ? K : never;
}[keyof S];

/** The readonly fields of an instance of `Config(shape)` (`Type.Optional` fields may be absent). */
export type ConfigFields<S extends Shape> = Flat<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: FieldValue<S[K]> } & {
    readonly [K in OptionalKeys<S>]?: FieldValue<S[K]>;
  }
>;

/** Keys of a shape marked `Type.Optional`. */
export type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends TOptional ? K : never }[keyof S];

/** Extra keys an `extra: "allow"` class accepts. */
export type ExtraInput<Extra> = Extra extends "allow" ? { readonly [key: string]: unknown } : unknown;

/**
 * The input of `new MyConfig(input)`: a field without default is required; a field with a default,
 * `Type.Optional`, or a config field with a default input (`MyClass.field({...})`) may be left out.
 * A config class given bare in a shape (`data: MyModel`, or `MyModel.field()`) is required.
 */
export type ConfigInput<S extends Shape, Extra = "forbid"> = Flat<
  { [K in Exclude<keyof S, OmittableKeys<S>>]: FieldInput<S[K]> } & {
    [K in OmittableKeys<S>]?: FieldInput<S[K]>;
  }
> &
  ExtraInput<Extra>;

/** An instance of `Config(shape)`; `OwnerBound` types an `infra` field by the instance's class (owner-bound.ts). */
export type ConfigInstance<S extends Shape> = ConfigFields<S> & OwnerBound<S>;

/** The properties of a config class's JSON Schema, typed so that `Static` gives the instance's data. */
export type SchemaProperties<S extends Shape> = {
  [K in keyof S]: S[K] extends AnyConfigClass ? TConfigField<S[K]> : S[K];
};

/** Static members shared by every config class. */
export interface ConfigStatics<S extends Shape, Inherit extends boolean = boolean> {
  /** The shape given to `Config()`. */
  readonly shape: S;
  /** The options given to `Config()`. */
  readonly options: Readonly<ConfigOptions> & { readonly inheritFieldDefault?: Inherit };
  /** The JSON Schema of the class (nested configs inlined); `Static<typeof C.schema>` is `Output<typeof C>`. */
  readonly schema: TObject<SchemaProperties<S>>;
  /** A schema for a required field holding an instance of this class (inside `Type.Array`, `Type.Record`...). */
  field<C extends AnyConfigClass>(this: C): TConfigField<C>;
  /** A schema for an optional field holding an instance of this class, `new this(defaultInput)` when left out. */
  field<C extends AnyConfigClass>(this: C, defaultInput: Input<C>): TConfigField<C> & HasDefault<Input<C>>;
}

/** `new C()` compiles only when every field may be left out. */
export type ConfigConstructor<S extends Shape, Extra = "forbid"> =
  {} extends ConfigInput<S, Extra>
    ? new (
        input?: ConfigInput<S, Extra>,
      ) => ConfigInstance<S>
    : new (
        input: ConfigInput<S, Extra>,
      ) => ConfigInstance<S>;

/** The base class returned by `Config(shape)`. */
export type ConfigClass<
  S extends Shape,
  Extra = "forbid",
  Inherit extends boolean = false,
> = ConfigConstructor<S, Extra> & ConfigStatics<S, Inherit>;

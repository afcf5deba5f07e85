import type { Static, TObject, TOptional, TSchema, TUnsafe } from "typebox";
import type { OwnerBound } from "./owner-bound.js";

/** Options of a config class. */
export interface ConfigOptions {
  /**
   * Whether fields that the shape does not declare are rejected or kept.
   * @default "forbid"
   */
  extra?: "forbid" | "allow";
  /**
   * Fields that never change results (a device, a log level): kept in `config.yaml`, left out of the uid.
   * @default []
   */
  excludeFromUid?: readonly string[];
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

/** Type-only key that carries a config's input type on its instances. */
export declare const INPUT: unique symbol;

/** Any class made by `Config(...)`, or a subclass of one. */
export type AnyConfigClass = abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: constructor parameters are contravariant; any is the only top type here
  ...args: any[]
) => object;

/** What a shape entry may be: a TypeBox schema or a config class. */
export type FieldSpec = TSchema | AnyConfigClass;

/** The fields of a config class: name → schema or config class. */
export type Shape = Record<string, FieldSpec>;

/** A TypeBox schema whose value is an instance of a config class (made by `MyConfig.field()` or `OneOf`). */
export type TConfigField<I> = TUnsafe<I>;

/** The value type of one field on an instance. */
export type FieldValue<F> = F extends abstract new (
  ...args: never[]
) => infer I
  ? I
  : F extends TOptional<infer T extends TSchema>
    ? Static<T> | undefined
    : F extends TSchema
      ? Static<F>
      : never;

/**
 * What may be passed where a value of type T is stored: nested config instances also accept their
 * input, and object keys are optional (schemas do not record defaults in their types).
 */
export type InputOf<T> = T extends { readonly [INPUT]?: infer In }
  ? In | T
  : T extends readonly (infer E)[]
    ? readonly InputOf<E>[]
    : T extends object
      ? { [K in keyof T]?: InputOf<T[K]> }
      : T;

/** The readonly fields of an instance of `Config(shape)`. */
export type ConfigFields<S extends Shape> = { readonly [K in keyof S]: FieldValue<S[K]> };

/**
 * The input of `new MyConfig(input)`: every key is optional at the type level because TypeBox types do
 * not record defaults; missing required fields are reported at run time as a `ConfigError`.
 */
export type ConfigInput<S extends Shape> = { [K in keyof S]?: InputOf<FieldValue<S[K]>> };

/** An instance of `Config(shape)`; `OwnerBound` types an `infra` field by the instance's class (owner-bound.ts). */
export type ConfigInstance<S extends Shape> = ConfigFields<S> &
  OwnerBound<S> & { readonly [INPUT]?: ConfigInput<S> };

/** Static members shared by every config class. */
export interface ConfigStatics<S extends Shape> {
  /** The shape given to `Config()`. */
  readonly shape: S;
  /** The options given to `Config()`. */
  readonly options: Readonly<ConfigOptions>;
  /** The JSON Schema of the class (nested configs inlined). */
  readonly schema: TObject;
  /**
   * A schema for a field holding an instance of this class, to use inside `Type.Array`, `Type.Record`,
   * `Type.Optional`... With `defaultInput`, the field is optional and defaults to `new this(defaultInput)`.
   */
  field<C extends AnyConfigClass>(
    this: C,
    defaultInput?: ConstructorParameters<C>[0],
  ): TConfigField<InstanceType<C>>;
}

/** The base class returned by `Config(shape)`. */
export type ConfigClass<S extends Shape> = (new (
  input?: ConfigInput<S>,
) => ConfigInstance<S>) &
  ConfigStatics<S>;

import type {
  TAny,
  TArray,
  TArrayOptions,
  TBigInt,
  TBoolean,
  TInteger,
  TLiteral,
  TLiteralValue,
  TNull,
  TNumber,
  TNumberOptions,
  TObject,
  TObjectOptions,
  TProperties,
  TSchema,
  TSchemaOptions,
  TString,
  TStringOptions,
  TTuple,
  TTupleOptions,
  TUnion,
  TUnknown,
} from "typebox";
import type { SchemaInput } from "./types.js";
import { Type as TypeBoxType } from "./vendor.js";

/**
 * What a builder returns for options `O`: TypeBox copies the options onto the schema object, so a
 * schema made with `{ default: d }` has a `default` key at run time; this type says so.
 */
export type WithDefault<O> = O extends { readonly default: infer D } ? { readonly default: D } : unknown;

/** Options whose `default`, if any, must be a valid input of the schema `T`. */
export type Defaulted<Options, T> = Options & { default?: SchemaInput<T> };

/**
 * The builders of TypeBox's `Type` that take options, typed so that the schema carries its `default`
 * (TypeBox's own types drop it): `Type.Integer({ default: 1 })` is `TInteger & { readonly default: number }`,
 * which makes the field optional in a config's input. The default is checked against the schema.
 */
export interface DefaultAwareBuilders {
  Any<O extends TSchemaOptions = {}>(options?: O): TAny & WithDefault<O>;
  Unknown<O extends TSchemaOptions = {}>(options?: O): TUnknown & WithDefault<O>;
  Null<O extends TSchemaOptions = {}>(options?: Defaulted<O, TNull>): TNull & WithDefault<O>;
  Boolean<O extends TSchemaOptions = {}>(options?: Defaulted<O, TBoolean>): TBoolean & WithDefault<O>;
  Integer<O extends TNumberOptions = {}>(options?: Defaulted<O, TInteger>): TInteger & WithDefault<O>;
  Number<O extends TNumberOptions = {}>(options?: Defaulted<O, TNumber>): TNumber & WithDefault<O>;
  BigInt<O extends TNumberOptions = {}>(options?: Defaulted<O, TBigInt>): TBigInt & WithDefault<O>;
  String<O extends TStringOptions = {}>(options?: Defaulted<O, TString>): TString & WithDefault<O>;
  Literal<V extends TLiteralValue, O extends TSchemaOptions = {}>(
    value: V,
    options?: Defaulted<O, TLiteral<V>>,
  ): TLiteral<V> & WithDefault<O>;
  Array<T extends TSchema, O extends TArrayOptions = {}>(
    items: T,
    options?: Defaulted<O, TArray<T>>,
  ): TArray<T> & WithDefault<O>;
  Object<P extends TProperties, O extends TObjectOptions = {}>(
    properties: P,
    options?: Defaulted<O, TObject<P>>,
  ): TObject<P> & WithDefault<O>;
  Tuple<T extends TSchema[], O extends TTupleOptions = {}>(
    types: [...T],
    options?: Defaulted<O, TTuple<T>>,
  ): TTuple<T> & WithDefault<O>;
  Union<T extends TSchema[], O extends TSchemaOptions = {}>(
    anyOf: [...T],
    options?: Defaulted<O, TUnion<T>>,
  ): TUnion<T> & WithDefault<O>;
  Record<K extends TSchema, V extends TSchema, O extends TObjectOptions = {}>(
    key: K,
    value: V,
    options?: O,
  ): ReturnType<typeof TypeBoxType.Record<K, V>> & WithDefault<O>;
}

/** exca's `Type`: TypeBox's builder (the same object at run time), with defaults kept in the types. */
export type ExcaType = Omit<typeof TypeBoxType, keyof DefaultAwareBuilders> & DefaultAwareBuilders;

/**
 * TypeBox's `Type`, re-exported from the pre-bundled copy (faster to import) and typed so that schema
 * defaults reach the types (see {@link DefaultAwareBuilders}). Everything else is TypeBox's as is.
 */
export const Type: ExcaType = TypeBoxType as ExcaType;

import type { TLiteral } from "typebox";
import type { AnyConfigClass } from "./types.js";

/** The fields of one config class declared as a string literal (`kind: Type.Literal("a")`). */
export type LiteralKeys<C> = C extends { readonly shape: infer S }
  ? { [K in keyof S]: S[K] extends TLiteral<string> ? K : never }[keyof S] & string
  : never;

/** The keys that every class of `C` declares as a string literal: what `OneOf(C, key)` accepts as `key`. */
export type TagKeys<C extends readonly AnyConfigClass[]> = C extends readonly [
  infer Head,
  ...infer Rest extends readonly AnyConfigClass[],
]
  ? Rest extends readonly []
    ? LiteralKeys<Head>
    : LiteralKeys<Head> & TagKeys<Rest>
  : string;

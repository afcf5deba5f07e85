// Names of an owner's fields that the compiler can check (options such as `excludeFromCacheUid`).

/** The data keys of an object type (methods and symbol keys left out). */
export type DataKeys<O> = {
  [K in keyof O]-?: K extends string ? (O[K] extends (...args: never[]) => unknown ? never : K) : never;
}[keyof O];

/** A key of an owner of type O (any string when O is unknown: an option written outside a class). */
export type FieldKey<O> = unknown extends O ? string : DataKeys<O>;

/** The object fields of O (plain values and arrays left out): where a dotted path may go on. */
export type ObjectKeys<O> = {
  [K in DataKeys<O>]: NonNullable<O[K]> extends readonly unknown[]
    ? never
    : NonNullable<O[K]> extends object
      ? K
      : never;
}[DataKeys<O>];

/**
 * A field of an owner of type O, as `excludeFromCacheUid` names it: a key (`"device"`), a dotted path one
 * level deep (`"data.x"`), both checked by the compiler; deeper paths are checked on their first two
 * parts here and in full at run time. Any string when O is unknown (an option written outside a class).
 */
export type FieldPath<O> = unknown extends O
  ? string
  :
      | DataKeys<O>
      | {
          [K in ObjectKeys<O>]:
            | `${K}.${DataKeys<NonNullable<O[K]>>}`
            | `${K}.${DataKeys<NonNullable<O[K]>>}.${string}`;
        }[ObjectKeys<O>];

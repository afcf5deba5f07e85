import { uidWithDigest } from "@exca/config";

/** How keys are derived for one memoized function. */
export interface KeyScheme<A extends unknown[]> {
  /** Prefix shared by every key of the function (all versions): `<name>:`. */
  readonly prefix: string;
  /** The cache key of one call. */
  keyOf(args: A): string;
}

/**
 * Keys are `<name>:<version>:<arguments>`, the arguments part being `custom(...args)` when given, else the
 * canonical uid of the argument list plus the full md5 of its exact form (`uidWithDigest(args)`, which
 * throws a ConfigError for values without one).
 */
export function keyScheme<A extends unknown[]>(
  name: string,
  version: string,
  custom: ((...args: A) => string) | undefined,
): KeyScheme<A> {
  for (const [what, text] of [
    ["name", name],
    ["version", version],
  ] as const) {
    if (typeof text !== "string" || text.includes(":")) {
      throw new TypeError(`memoize: the ${what} must be a string without ":", got ${JSON.stringify(text)}`);
    }
  }
  const prefix = `${name}:`;
  const head = `${prefix}${version}:`;
  return {
    prefix,
    keyOf: (args) => {
      if (custom === undefined) {
        // The readable uid ends with 8 hex digits only; the full digest keeps distinct arguments apart.
        const { uid, digest } = uidWithDigest(args);
        return `${head}${uid}#${digest}`;
      }
      const key = custom(...args);
      if (typeof key !== "string")
        throw new TypeError(`memoize: options.key must return a string, got ${typeof key}`);
      return head + key;
    },
  };
}

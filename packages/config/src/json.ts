import { type ConfigIssue, joinPath, preview } from "./errors.js";

/** Marks config instances; a registered symbol so that two copies of the package agree. */
export const CONFIG_BRAND: unique symbol = Symbol.for("exca.config") as never;

/** True for instances of any class made by `Config(...)`. */
export function isConfigInstance(value: unknown): value is object {
  return typeof value === "object" && value !== null && CONFIG_BRAND in value;
}

/** True for `{}`-literal objects (prototype Object.prototype or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of JSON-like data (plain objects and arrays; anything else is shared). */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = cloneJson(value[key]);
    return out as T;
  }
  return value;
}

/** Structural equality of JSON-like data; key order never matters. */
export function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of ka) if (!(key in rb) || !equalJson(ra[key], rb[key])) return false;
  return true;
}

const UNSUPPORTED_HINTS: Record<string, string> = {
  Date: "store an ISO string (Type.String({ format: 'date-time' })) instead",
  Map: "use a plain object (Type.Record) instead",
  Set: "use an array instead",
};

/**
 * Returns a deep-frozen copy of a field value after checking that it is plain JSON data
 * (finite numbers, strings, booleans, null, arrays, plain objects) or a config instance
 * (already frozen, shared as is). Problems are appended to `issues`; the input is never mutated.
 */
export function frozenCopy(
  value: unknown,
  path: string,
  issues: ConfigIssue[],
  seen: object[] = [],
): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return value;
    case "number":
      if (!Number.isFinite(value))
        issues.push({ path, message: `non-finite number ${value} has no canonical form` });
      return value === 0 ? 0 : value; // -0 and 0 share a uid (and JSON, YAML, msgpack keep 0): one value
    case "object":
      break;
    default:
      issues.push({ path, message: `${preview(value)} is not supported in a config (plain JSON data only)` });
      return value;
  }
  if (value === null || isConfigInstance(value)) return value;
  if (seen.includes(value)) {
    issues.push({ path, message: "cyclic reference" });
    return value;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    const name =
      (Object.getPrototypeOf(value) as { constructor?: { name?: string } }).constructor?.name ?? "";
    const hint = UNSUPPORTED_HINTS[name] ?? "only plain JSON data and config instances are allowed";
    issues.push({ path, message: `${preview(value)} is not supported in a config: ${hint}` });
    return value;
  }
  seen.push(value);
  let out: unknown[] | Record<string, unknown>;
  if (isArray) {
    out = (value as unknown[]).map((item, i) => frozenCopy(item, joinPath(path, i), issues, seen));
  } else {
    const record = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      if (key === "__proto__") issues.push({ path: joinPath(path, key), message: "forbidden key" });
      else copy[key] = frozenCopy(record[key], joinPath(path, key), issues, seen);
    }
    out = copy;
  }
  seen.pop();
  return Object.freeze(out);
}

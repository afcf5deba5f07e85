import { isWellFormed } from "./errors.js";
import { typedArrayCode } from "./typed-arrays.js";

const MAX_DEPTH = 256;

interface Problem {
  reason: string;
  path: string;
}

/**
 * Describes the first part of `value` that msgpack would not bring back exactly (`a function at /a/0`),
 * or returns undefined when the whole value round-trips.
 */
export function findInexact(value: unknown): string | undefined {
  const problem = walk(value, 0);
  if (problem === undefined) return undefined;
  return problem.path === "" ? problem.reason : `${problem.reason} at ${problem.path}`;
}

function walk(value: unknown, depth: number): Problem | undefined {
  switch (typeof value) {
    case "string":
      return isWellFormed(value) ? undefined : { reason: "a string with a lone surrogate", path: "" };
    case "number":
      return value === 0 && 1 / value < 0 ? { reason: "-0 (msgpack stores it as 0)", path: "" } : undefined;
    case "boolean":
    case "bigint":
    case "undefined":
      return undefined;
    case "object":
      if (value === null) return undefined;
      if (depth >= MAX_DEPTH)
        return { reason: `nesting deeper than ${MAX_DEPTH} levels (a cycle?)`, path: "" };
      return walkObject(value, depth + 1);
    default:
      return { reason: `a ${typeof value}`, path: "" };
  }
}

function walkObject(value: object, depth: number): Problem | undefined {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return walkRecord(value as Record<string, unknown>, depth);
  if (proto === Array.prototype) return walkArray(value as unknown[], depth);
  if (proto === Map.prototype) return walkMap(value as Map<unknown, unknown>, depth);
  if (proto === Set.prototype) return walkEntries([...(value as Set<unknown>)], depth, "set");
  if (proto === Date.prototype) {
    return Number.isNaN((value as Date).getTime()) ? { reason: "an invalid Date", path: "" } : undefined;
  }
  if (proto === RegExp.prototype || proto === DataView.prototype || proto === ArrayBuffer.prototype) return;
  if (typedArrayCode(value) >= 0) return undefined;
  const name = (proto as { constructor?: { name?: string } } | null)?.constructor?.name;
  const what = proto === null ? "an object with a null prototype" : `a ${name ?? "class"} instance`;
  return { reason: `${what} (it would come back as a different type)`, path: "" };
}

function walkRecord(record: Record<string, unknown>, depth: number): Problem | undefined {
  if (Object.getOwnPropertySymbols(record).length > 0) return { reason: "a symbol-keyed property", path: "" };
  for (const key in record) {
    if (key === "__proto__") return { reason: 'a "__proto__" key', path: "" };
    const problem = walk(record[key], depth);
    if (problem !== undefined) return within(problem, key);
    if (!isWellFormed(key)) return { reason: "a key with a lone surrogate", path: `/${key}` };
  }
  return undefined;
}

function walkArray(array: unknown[], depth: number): Problem | undefined {
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (item === undefined && !(i in array)) return { reason: "a hole (sparse array)", path: `/${i}` };
    const problem = walk(item, depth);
    if (problem !== undefined) return within(problem, String(i));
  }
  return undefined;
}

function walkMap(map: Map<unknown, unknown>, depth: number): Problem | undefined {
  let i = 0;
  for (const [key, item] of map) {
    const problem = walk(key, depth) ?? walk(item, depth);
    if (problem !== undefined) return within(problem, `map entry ${i}`);
    i++;
  }
  return undefined;
}

function walkEntries(items: unknown[], depth: number, label: string): Problem | undefined {
  for (let i = 0; i < items.length; i++) {
    const problem = walk(items[i], depth);
    if (problem !== undefined) return within(problem, `${label} item ${i}`);
  }
  return undefined;
}

function within(problem: Problem, segment: string): Problem {
  return { reason: problem.reason, path: `/${segment}${problem.path}` };
}

import assert from "node:assert/strict";

/**
 * Asserts `actual` is exactly `expected`: deep strict equality, plus the same class at every level
 * (deepStrictEqual alone lets a Buffer pass for a Uint8Array).
 */
export function assertSameValue(actual: unknown, expected: unknown, message?: string): void {
  assert.deepStrictEqual(actual, expected, message);
  assert.equal(classTree(actual), classTree(expected), message);
}

function classTree(value: unknown, depth = 0): string {
  if (typeof value !== "object" || value === null || depth > 32) return typeof value;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor
    ?.name;
  if (ArrayBuffer.isView(value)) return name ?? "view";
  const children =
    value instanceof Map
      ? [...value].flat()
      : value instanceof Set
        ? [...value]
        : Object.values(value as Record<string, unknown>);
  return `${name ?? "null"}(${children.map((child) => classTree(child, depth + 1)).join(",")})`;
}

// A small YAML emitter for plain JSON data (what configs export): block style, sorted keys, quoting
// whenever a plain scalar could read back as something else. About 10x faster than a general emitter,
// which matters because every task writes three YAML files.

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./@+-]*$/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|~)$/i;

function scalarKey(key: string): string {
  return PLAIN.test(key) && !RESERVED.test(key) && !key.endsWith(" ") ? key : JSON.stringify(key);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string")
    return PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(" ") ? value : JSON.stringify(value);
  if (typeof value === "number")
    return Number.isFinite(value) ? String(value) : value > 0 ? ".inf" : value < 0 ? "-.inf" : ".nan";
  return String(value);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (hasEntries(item)) {
        const nested: string[] = [];
        emit(item, `${indent}  `, nested);
        out.push(`${indent}- ${nested[0]!.slice(indent.length + 2)}`, ...nested.slice(1));
      } else out.push(`${indent}- ${inline(item)}`);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    const name = scalarKey(key);
    if (hasEntries(item)) {
      out.push(`${indent}${name}:`);
      emit(item, Array.isArray(item) ? indent : `${indent}  `, out);
    } else out.push(`${indent}${name}: ${inline(item)}`);
  }
}

/**
 * A non-empty array, or a mapping with a defined value. A key holding `undefined` is not written (as in
 * JSON), so a mapping of such keys alone is `{}`: `{a: undefined}` and `{}` must give the same text, or a
 * uid folder's `uid.yaml` written for one is refused for the other although their uid is the same.
 */
function hasEntries(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (!isMapping(value)) return false;
  for (const key in value) if (value[key] !== undefined) return true;
  return false;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return "[]";
  if (isMapping(value)) return "{}";
  return scalar(value);
}

/** YAML text of plain JSON data with sorted keys (a scalar or empty collection gives one line). */
export function emitYaml(value: unknown): string {
  if (hasEntries(value)) {
    const out: string[] = [];
    emit(value, "", out);
    return `${out.join("\n")}\n`;
  }
  return `${inline(value)}\n`;
}

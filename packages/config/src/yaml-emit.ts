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
      if ((isMapping(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
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
    if ((isMapping(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
      out.push(`${indent}${name}:`);
      emit(item, Array.isArray(item) ? indent : `${indent}  `, out);
    } else out.push(`${indent}${name}: ${inline(item)}`);
  }
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return "[]";
  if (isMapping(value)) return "{}";
  return scalar(value);
}

/** YAML text of plain JSON data with sorted keys (a scalar or empty collection gives one line). */
export function emitYaml(value: unknown): string {
  if ((isMapping(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.length > 0)) {
    const out: string[] = [];
    emit(value, "", out);
    return `${out.join("\n")}\n`;
  }
  return `${inline(value)}\n`;
}

import { Builder } from "./build.js";
import { planOf } from "./config.js";
import { failAt } from "./errors.js";
import { cloneJson, equalJson, isConfigInstance } from "./json.js";
import type { Node, PropPlan } from "./plan.js";
import type { AnyConfigClass } from "./types.js";

/** What `toConfig` keeps. */
export interface ExportOptions {
  /**
   * Keep only what identifies results: drop `excludeFromUid` fields (every infra field but `version`).
   * @default false
   */
  uid?: boolean;
  /**
   * Drop values equal to their default; a nested config equal to its field's default is dropped whole.
   * Required fields and discriminator tags are always kept.
   * @default false
   */
  excludeDefaults?: boolean;
}

interface Flags {
  uid: boolean;
  excludeDefaults: boolean;
  id: string;
}

function flagsOf(options: ExportOptions): Flags {
  const uid = options.uid === true;
  const excludeDefaults = options.excludeDefaults === true;
  return { uid, excludeDefaults, id: `${uid ? "u" : ""}${excludeDefaults ? "d" : ""}` };
}

/**
 * Exports a config instance as a tree of plain data that shares the instance's frozen values (no copy).
 * `forcedKey` is a discriminator tag that must be kept whatever the flags.
 */
export function exportTree(instance: object, flags: Flags, forcedKey?: string): Record<string, unknown> {
  const plan = planOf(instance.constructor as AnyConfigClass);
  const fields = instance as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const prop of plan.props) {
    const value = fields[prop.key];
    if (value === undefined) continue;
    const forced = prop.key === forcedKey;
    if (flags.uid && !forced && plan.excluded.has(prop.key)) continue;
    const dumped = prop.node === null ? value : exportNode(prop.node, value, flags);
    if (flags.excludeDefaults && !forced && prop.hasDefault && equalJson(dumped, defaultDump(prop, flags)))
      continue;
    out[prop.key] = dumped;
  }
  if (plan.allowExtra) {
    for (const key of Object.keys(fields)) if (!plan.byKey.has(key)) out[key] = fields[key];
  }
  return out;
}

function exportNode(node: Node, value: unknown, flags: Flags): unknown {
  switch (node.kind) {
    case "config":
      return exportTree(value as object, flags);
    case "oneOf":
      return exportTree(value as object, flags, node.key);
    case "array":
      return (value as unknown[]).map((item) => exportNode(node.item, item, flags));
    case "record": {
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) out[key] = exportNode(node.value, record[key], flags);
      return out;
    }
    case "union":
      return isConfigInstance(value) ? exportNode(node.inner, value, flags) : value;
  }
}

/** The export of a field's default under the same flags, computed once per field and flags. */
function defaultDump(prop: PropPlan, flags: Flags): unknown {
  if (prop.node === null) return prop.defaultValue;
  let dump = prop.defaultDumps.get(flags.id);
  if (dump === undefined && !prop.defaultDumps.has(flags.id)) {
    const value = new Builder(planOf).nodeValue(prop.node, prop.defaultValue, "");
    dump = value === undefined ? undefined : exportNode(prop.node, value, flags);
    prop.defaultDumps.set(flags.id, dump);
  }
  return dump;
}

/**
 * Exports a config instance as plain, JSON-able data (a fresh copy the caller may change).
 * `uid: true` keeps only uid fields; `excludeDefaults: true` drops defaults (see {@link ExportOptions}).
 */
export function toConfig(instance: object, options: ExportOptions = {}): Record<string, unknown> {
  if (!isConfigInstance(instance)) failAt("toConfig argument", "", "expected a config instance");
  return cloneJson(exportTree(instance, flagsOf(options)));
}

/** The uid export of a field's default (undefined when the default builds to nothing); computed once per field. */
export function uidDefaultDump(prop: PropPlan): unknown {
  return defaultDump(prop, UID_FLAGS);
}

const UID_FLAGS: Flags = flagsOf({ uid: true, excludeDefaults: true });

import { hash } from "node:crypto";
import { failAt, joinPath, preview } from "./errors.js";
import { uidDefaultDump } from "./export.js";
import { equalJson, isConfigInstance, isPlainObject } from "./json.js";
import type { Node, PropPlan } from "./plan.js";
import { uidPlanOf } from "./uid-plan.js";

/**
 * Version of the uid algorithm. Any change to how uids are rendered or hashed must bump it (the golden
 * vectors in `uid.test.ts` fail otherwise), because a new uid means a new, empty cache folder.
 */
export const UID_VERSION = 1;

const MAX_NODE_LENGTH = 128;
const SEPARATORS = /[/\\\n\t ]/g;
const FORBIDDEN = /[^a-zA-Z0-9{}\-=,_.()]/g;

/** Renders a float as exca does: 2 decimals in [1e-3, 1e4], else scientific with a 2-digit exponent. */
export function formatFloat(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude <= 1e4) return value.toFixed(2);
  const [mantissa, exponent = "0"] = value.toExponential(2).split("e");
  const sign = exponent.startsWith("-") ? "-" : "+";
  const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa}e${sign}${digits}`;
}

const ALLOWED = /^[a-zA-Z0-9{}\-=,_.()]*$/;

/** Cleans a raw value's text: separators become `-`, other characters outside the allowed set go. */
function clean(text: string): string {
  return cut(cleanRaw(text));
}

function cleanRaw(text: string): string {
  return ALLOWED.test(text) ? text : text.replace(SEPARATORS, "-").replace(FORBIDDEN, "");
}

/** Cuts a node's text at 128 characters, noting how many were dropped. */
function cut(text: string): string {
  return text.length > MAX_NODE_LENGTH
    ? `${text.slice(0, MAX_NODE_LENGTH)}...${text.length - MAX_NODE_LENGTH}`
    : text;
}

const cleanKeys = new Map<string, string>();

/** Keys repeat across configs: clean each once. */
function cleanKey(key: string): string {
  let cleaned = cleanKeys.get(key);
  if (cleaned === undefined) {
    cleaned = cleanRaw(key);
    if (cleanKeys.size < 10_000) cleanKeys.set(key, cleaned);
  }
  return cleaned;
}

function integerText(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

function problemOf(value: unknown): string {
  return typeof value === "number"
    ? `non-finite number ${value} has no canonical form`
    : `${preview(value)} has no canonical form (plain data and configs only)`;
}

/** exca's order: shortest rendered entry first, ties broken by key. */
function before(text: string, key: string, otherText: string, otherKey: string): boolean {
  return text.length < otherText.length || (text.length === otherText.length && key < otherKey);
}

/**
 * Adds an entry to a mapping's entries, kept as a flat list of (text, exact, key) triples in exca's
 * order: one array per mapping instead of one object per entry (the garbage collector was 15% of a uid).
 */
function addEntry(entries: string[], text: string, exact: string, key: string): void {
  let i = entries.length;
  entries.push(text, exact, key);
  while (i > 0 && before(text, key, entries[i - 3]!, entries[i - 1]!)) {
    entries[i] = entries[i - 3]!;
    entries[i + 1] = entries[i - 2]!;
    entries[i + 2] = entries[i - 1]!;
    i -= 3;
  }
  entries[i] = text;
  entries[i + 1] = exact;
  entries[i + 2] = key;
}

/** The exact text of each config field's default (null: none), to drop a nested value equal to it. */
const defaultExacts = new WeakMap<PropPlan, string | null>();

/**
 * The exact text of a field's default export. The exact text is the typed canonical form of the export
 * (records in a content-defined order), so two exports are equal exactly when their exact texts are: the
 * nested value is compared without building its export tree.
 */
function defaultExact(prop: PropPlan): string | null {
  let exact = defaultExacts.get(prop);
  if (exact === undefined) {
    const dump = uidDefaultDump(prop);
    if (dump === undefined) exact = null;
    else {
      const renderer = new UidRenderer();
      renderer.value(dump, null);
      exact = renderer.exact;
    }
    defaultExacts.set(prop, exact);
  }
  return exact;
}

/**
 * Renders a value's readable text (returned) and its exact text (left in `exact`), walking config
 * instances field by field with their class's {@link UidPlan}: what the uid export keeps (uid fields,
 * non-default values, `OneOf` tags), without building it. The keys on the current path name a bad value.
 */
class UidRenderer {
  /** The exact text of the value rendered last. */
  exact = "";
  /** After a mapping of exactly one entry: that entry's text, so that the parent can write `key.entry`. */
  single: string | undefined = undefined;
  /** The value rendered last was a mapping or a sequence, whose text is wrapped in brackets. */
  bracketed = false;
  readonly #objects: object[] = [];
  readonly #keys: (string | number)[] = [];

  #path(): string {
    return this.#keys.reduce<string>((path, key) => joinPath(path, key), "");
  }

  /** `node` says where config instances sit in the value (as in the export): a `OneOf` keeps its tag. */
  value(value: unknown, node: Node | null): string {
    if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return this.#leaf(value);
    if (this.#objects.includes(value))
      return failAt("uid", this.#path(), "cyclic reference has no canonical form");
    let inner = node;
    if (inner !== null && inner.kind === "union") inner = isConfigInstance(value) ? inner.inner : null;
    this.#objects.push(value);
    let text: string;
    if (Array.isArray(value))
      text = this.#sequence(value, inner !== null && inner.kind === "array" ? inner.item : null);
    else if (isConfigInstance(value))
      text = this.#config(value, inner !== null && inner.kind === "oneOf" ? inner.key : undefined);
    else if (isPlainObject(value))
      text = this.#mapping(value, inner !== null && inner.kind === "record" ? inner.value : null);
    else text = this.#leaf(value);
    this.#objects.pop();
    return text;
  }

  #leaf(value: unknown): string {
    this.single = undefined;
    this.bracketed = false;
    switch (typeof value) {
      case "string":
        this.exact = JSON.stringify(value);
        return clean(value);
      case "number":
        if (!Number.isFinite(value)) break;
        if (Number.isInteger(value)) {
          const digits = integerText(value);
          this.exact = `i${digits}`;
          return digits;
        }
        this.exact = `f${String(value)}`;
        return clean(formatFloat(value));
      case "bigint":
        this.exact = `i${value}`;
        return value.toString();
      case "boolean":
        this.exact = String(value);
        return this.exact;
      case "undefined":
        this.exact = "undefined";
        return "undefined";
      default:
        if (value === null) {
          this.exact = "null";
          return "null";
        }
        if (ArrayBuffer.isView(value)) return this.#typedArray(value);
    }
    return failAt("uid", this.#path(), problemOf(value));
  }

  #typedArray(view: ArrayBufferView): string {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const digest = hash("md5", bytes, "hex").slice(0, 8);
    const length = "length" in view ? String(view.length) : String(view.byteLength);
    this.exact = `a${view.constructor.name}:${length}:${digest}`;
    return `data-${length}-${digest}`;
  }

  #sequence(items: readonly unknown[], itemNode: Node | null): string {
    let text = "";
    let exact = "";
    for (let i = 0; i < items.length; i++) {
      this.#keys.push(i);
      const child = this.value(items[i], itemNode);
      this.#keys.pop();
      text += i === 0 ? child : `,${child}`;
      exact += i === 0 ? this.exact : `,${this.exact}`;
    }
    this.exact = `[${exact}]`;
    this.single = undefined;
    this.bracketed = true;
    return `(${cut(text)})`;
  }

  /** Adds the entry of one key of a plain mapping (or an extra field of a config). */
  #entry(entries: string[], key: string, value: unknown, node: Node | null): void {
    this.#keys.push(key);
    const child = this.value(value, node);
    this.#keys.pop();
    const shown = cleanKey(key);
    const text = this.single === undefined ? `${shown}=${child}` : `${shown}.${this.single}`;
    addEntry(entries, text, `${JSON.stringify(key)}:${this.exact}`, key);
  }

  #mapping(record: Record<string, unknown>, valueNode: Node | null): string {
    const entries: string[] = [];
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (value !== undefined) this.#entry(entries, key, value, valueNode);
    }
    return this.#close(entries);
  }

  /**
   * A config instance as its uid export: uid fields only (`forced`, a `OneOf` tag, always kept), values
   * equal to their field's default dropped (a nested value compared by its exact text).
   */
  #config(instance: object, forced: string | undefined): string {
    const plan = uidPlanOf(instance, cleanKey);
    const fields = instance as Record<string, unknown>;
    const entries: string[] = [];
    for (const field of plan.fields) {
      const value = fields[field.key];
      if (value === undefined) continue;
      const kept = field.key === forced;
      if (field.excluded && !kept) continue;
      const prop = field.prop;
      const dropDefault = prop.hasDefault && !kept;
      if (dropDefault && prop.node === null && equalJson(value, prop.defaultValue)) continue;
      this.#keys.push(field.key);
      const child = this.value(value, prop.node);
      this.#keys.pop();
      const { exact, single } = this;
      if (dropDefault && prop.node !== null && exact === defaultExact(prop)) continue;
      addEntry(
        entries,
        single === undefined ? field.assign + child : field.dot + single,
        field.quoted + exact,
        field.key,
      );
    }
    if (plan.allowExtra) {
      for (const key of Object.keys(fields)) {
        const value = fields[key];
        if (!plan.byKey.has(key) && value !== undefined) this.#entry(entries, key, value, null);
      }
    }
    return this.#close(entries);
  }

  /** Joins a mapping's sorted entries into its texts; single-key chains read as dotted keys (`data.x=3`). */
  #close(entries: readonly string[]): string {
    let text = "";
    let exact = "";
    for (let i = 0; i < entries.length; i += 3) {
      text += i === 0 ? entries[i]! : `,${entries[i]!}`;
      exact += i === 0 ? entries[i + 1]! : `,${entries[i + 1]!}`;
    }
    text = cut(text);
    this.exact = `{${exact}}`;
    this.single = entries.length === 3 ? text : undefined;
    this.bracketed = true;
    return `{${text}}`;
  }
}

const cache = new WeakMap<object, string>();

/**
 * The stable, readable id of a config (or of plain data): non-default uid fields as `k=v` joined by `,`
 * (nested `{…}`, lists `(…)`, single-key chains dotted), each node cut at 128 characters, then `-` and
 * 8 hex characters of the md5 of the exact, typed canonical form. An empty uid config gives `default`.
 * Throws a `ConfigError` naming the path of any value without a canonical form.
 */
export function uid(value: unknown): string {
  const memo = isConfigInstance(value) ? cache.get(value) : undefined;
  if (memo !== undefined) return memo;
  const result = uidWithDigest(value).uid;
  if (isConfigInstance(value)) cache.set(value, result);
  return result;
}

/**
 * The uid and the full md5 (32 hex characters) of the exact canonical form, from one walk. The uid keeps
 * 8 of them to stay readable; keys that must never collide (memoize) add the full digest.
 */
export function uidWithDigest(value: unknown): { uid: string; digest: string } {
  const renderer = new UidRenderer();
  const rendered = renderer.value(value, null);
  const text = renderer.bracketed ? rendered.slice(1, -1) : rendered;
  // crypto.hash: one call, no Hash object (2.5x faster than createHash for these short inputs)
  const digest = hash("md5", renderer.exact, "hex");
  return { uid: text === "" ? "default" : `${text}-${digest.slice(0, 8)}`, digest };
}

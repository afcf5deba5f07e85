import { hash } from "node:crypto";
import { failAt, joinPath, preview } from "./errors.js";
import { uidTree } from "./export.js";
import { isConfigInstance, isPlainObject } from "./json.js";

/**
 * Version of the uid algorithm. Any change to how uids are rendered or hashed must bump it (the golden
 * vectors in `uid.test.ts` fail otherwise), because a new uid means a new, empty cache folder.
 */
export const UID_VERSION = 1;

const MAX_NODE_LENGTH = 128;
const SEPARATORS = /[/\\\n\t ]/g;
const FORBIDDEN = /[^a-zA-Z0-9{}\-=,_.()]/g;

/** One node of the uid: readable text and exact, typed canonical text. */
interface UidNode {
  text: string;
  exact: string;
  /** Set on mappings and sequences, whose text is wrapped in brackets. */
  bracketed?: true;
  /** For a mapping with exactly one entry: that entry's text, so that the parent can write `key.entry`. */
  single?: string;
}

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

/** The node of a scalar or typed array; undefined when the value has no canonical form. */
function leaf(value: unknown): UidNode | undefined {
  switch (typeof value) {
    case "string":
      return { text: clean(value), exact: JSON.stringify(value) };
    case "number":
      if (!Number.isFinite(value)) return undefined;
      if (Number.isInteger(value)) {
        const digits = integerText(value);
        return { text: digits, exact: `i${digits}` };
      }
      return { text: clean(formatFloat(value)), exact: `f${String(value)}` };
    case "bigint":
      return { text: value.toString(), exact: `i${value}` };
    case "boolean":
      return { text: String(value), exact: String(value) };
    case "undefined":
      return { text: "undefined", exact: "undefined" };
    default:
      if (value === null) return { text: "null", exact: "null" };
      if (ArrayBuffer.isView(value)) return typedArray(value);
      return undefined;
  }
}

function problemOf(value: unknown): string {
  return typeof value === "number"
    ? `non-finite number ${value} has no canonical form`
    : `${preview(value)} has no canonical form (plain data and configs only)`;
}

function typedArray(view: ArrayBufferView): UidNode {
  const digest = hash("md5", new Uint8Array(view.buffer, view.byteOffset, view.byteLength), "hex").slice(
    0,
    8,
  );
  const length = "length" in view ? String(view.length) : String(view.byteLength);
  const type = view.constructor.name;
  return { text: `data-${length}-${digest}`, exact: `a${type}:${length}:${digest}` };
}

interface Entry {
  key: string;
  text: string;
  exact: string;
}

/** Walks a value; the keys on the current path are kept to name the path of a bad value. */
class UidWalker {
  readonly #objects: object[] = [];
  readonly #keys: (string | number)[] = [];

  #path(): string {
    return this.#keys.reduce<string>((path, key) => joinPath(path, key), "");
  }

  node(value: unknown): UidNode {
    if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return this.#leaf(value);
    if (this.#objects.includes(value))
      return failAt("uid", this.#path(), "cyclic reference has no canonical form");
    this.#objects.push(value);
    let result: UidNode;
    if (Array.isArray(value)) result = this.#sequence(value);
    else if (isConfigInstance(value)) result = this.#record(uidTree(value));
    else if (isPlainObject(value)) result = this.#record(value);
    else result = this.#leaf(value);
    this.#objects.pop();
    return result;
  }

  #leaf(value: unknown): UidNode {
    const node = leaf(value);
    return node ?? failAt("uid", this.#path(), problemOf(value));
  }

  #sequence(items: readonly unknown[]): UidNode {
    let text = "";
    let exact = "";
    for (let i = 0; i < items.length; i++) {
      this.#keys.push(i);
      const child = this.node(items[i]);
      this.#keys.pop();
      text += i === 0 ? child.text : `,${child.text}`;
      exact += i === 0 ? child.exact : `,${child.exact}`;
    }
    return { text: `(${cut(text)})`, exact: `[${exact}]`, bracketed: true };
  }

  /**
   * Entries in exca's order (shortest rendered first, then by key) for both texts: the order is a
   * function of the content, so the exact text stays independent of key insertion order.
   * Single-key chains read as dotted keys (`data.x=3`); the exact text keeps the real nesting.
   */
  #record(record: Record<string, unknown>): UidNode {
    const entries: Entry[] = [];
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (value === undefined) continue;
      this.#keys.push(key);
      const child = this.node(value);
      this.#keys.pop();
      const shown = cleanKey(key);
      const text = child.single === undefined ? `${shown}=${child.text}` : `${shown}.${child.single}`;
      entries.push({ key, text, exact: `${JSON.stringify(key)}:${child.exact}` });
    }
    entries.sort(byRenderedLength);
    let text = "";
    let exact = "";
    for (let i = 0; i < entries.length; i++) {
      text += i === 0 ? entries[i]!.text : `,${entries[i]!.text}`;
      exact += i === 0 ? entries[i]!.exact : `,${entries[i]!.exact}`;
    }
    text = cut(text);
    const node: UidNode = { text: `{${text}}`, exact: `{${exact}}`, bracketed: true };
    if (entries.length === 1) node.single = text;
    return node;
  }
}

/** exca's order: shortest rendered entry first, ties broken by key. */
function byRenderedLength(a: Entry, b: Entry): number {
  return a.text.length - b.text.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
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
  const root = new UidWalker().node(value);
  const text = root.bracketed ? root.text.slice(1, -1) : root.text;
  // crypto.hash: one call, no Hash object (2.5x faster than createHash for these short inputs)
  const digest = hash("md5", root.exact, "hex");
  return { uid: text === "" ? "default" : `${text}-${digest.slice(0, 8)}`, digest };
}

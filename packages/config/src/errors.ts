/** One problem found in a config input: where (a JSON pointer) and what. */
export interface ConfigIssue {
  /** JSON pointer to the offending value, e.g. `/data/x`; `""` for the root. */
  path: string;
  /** What was expected and what was given. */
  message: string;
}

/** Bad input to a config: lists every issue found, each with its path. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly issues: readonly ConfigIssue[];

  constructor(subject: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const lines = issues.map((issue) => `  ${issue.path || "/"}: ${issue.message}`);
    super(
      `invalid ${subject} (${issues.length} issue${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      options,
    );
    this.issues = issues;
  }
}

/** Throws a ConfigError with a single issue. */
export function failAt(subject: string, path: string, message: string, cause?: unknown): never {
  throw new ConfigError(subject, [{ path, message }], cause === undefined ? undefined : { cause });
}

/** Appends one segment to a JSON pointer, escaping `~` and `/` as RFC 6901 says. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number" || (!key.includes("~") && !key.includes("/"))) return `${path}/${key}`;
  return `${path}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** A short, safe rendering of a value for error messages. */
export function preview(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`;
  if (typeof value === "symbol") return value.toString();
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const name = proto?.constructor?.name;
  return proto === null || name === "Object" ? "object" : `${name ?? "object"} instance`;
}

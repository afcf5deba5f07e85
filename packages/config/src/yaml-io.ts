import { createRequire } from "node:module";
import { failAt } from "./errors.js";
import { emitYaml } from "./yaml-emit.js";
import { yamlLimitProblem } from "./yaml-limits.js";

type YamlParser = Pick<typeof import("yaml"), "parse" | "parseDocument">;
const requireHere = createRequire(import.meta.url);
let yamlParser: YamlParser | undefined;

/**
 * The YAML parser, loaded on first use: most processes (workers, cache readers) never parse YAML, and
 * loading it costs ~6 ms. The build bundles it into dist/vendor-yaml.cjs (tooling/bundle.mjs);
 * without that step, the package itself is loaded. exca writes YAML with its own emitter.
 */
function yaml(): YamlParser {
  if (yamlParser === undefined) {
    try {
      yamlParser = requireHere("./vendor-yaml.cjs") as YamlParser;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
      yamlParser = requireHere("yaml") as YamlParser;
    }
  }
  return yamlParser;
}

const PARSE_OPTIONS = { schema: "core", uniqueKeys: true, merge: false, prettyErrors: true } as const;
/** For whole files: keys are checked by {@link yamlLimitProblem}, in linear time. */
const FILE_OPTIONS = { ...PARSE_OPTIONS, uniqueKeys: false } as const;

/**
 * Parses YAML safely: the core schema only (no custom or language tags), unique keys, bounded aliases.
 * Any error or unresolved tag becomes a `ConfigError` naming the line.
 */
export function parseYaml(text: string, subject = "YAML"): unknown {
  if (typeof text !== "string") return failAt(subject, "", `expected YAML text, got ${typeof text}`);
  const doc = yaml().parseDocument(text, FILE_OPTIONS);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) {
    const line = problem.linePos?.[0]?.line;
    return failAt(
      subject,
      "",
      `${line === undefined ? "" : `line ${line}: `}${problem.message.split("\n")[0]}`,
      problem,
    );
  }
  const limit = yamlLimitProblem(doc.contents);
  if (limit !== undefined) {
    const line = text.slice(0, limit.offset).split("\n").length;
    return failAt(subject, "", `line ${line}: ${limit.message}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return failAt(subject, "", (error as Error).message, error);
  }
}

/** Reads a command-line value as a YAML scalar (`3`, `true`, `[1, 2]`), or keeps it as a string. */
export function parseYamlScalar(text: string): unknown {
  try {
    return yaml().parse(text, PARSE_OPTIONS) ?? text;
  } catch {
    return text;
  }
}

/** YAML text with sorted keys. */
export function dumpYaml(data: unknown): string {
  return emitYaml(data);
}

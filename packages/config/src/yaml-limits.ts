// Linear-cost checks of a parsed YAML document, for files others may write (issue 17): the yaml package's
// own duplicate-key check compares each key with every earlier one (40k keys: 5 s), so keys are checked
// here with a set, and the number of aliases is bounded before anything expands them. Nodes are told apart
// by the yaml package's registered symbols, which its bundled copy shares.

const NODE_TYPE = Symbol.for("yaml.node.type");
const ALIAS = Symbol.for("yaml.alias");
const MAP = Symbol.for("yaml.map");
const SEQ = Symbol.for("yaml.seq");
const PAIR = Symbol.for("yaml.pair");
const SCALAR = Symbol.for("yaml.scalar");

/** Aliases allowed in one document: exca writes none; a hand-written config needs a few. */
export const MAX_YAML_ALIASES = 100;

interface YamlNode {
  [NODE_TYPE]?: symbol;
  items?: unknown[];
  key?: unknown;
  value?: unknown;
  range?: [number, number, number];
}

/** A problem of the document (with the offset where it is), or undefined when it is within limits. */
export function yamlLimitProblem(contents: unknown): { offset: number; message: string } | undefined {
  let aliases = 0;
  const stack: unknown[] = [contents];
  while (stack.length > 0) {
    const node = stack.pop() as YamlNode | null | undefined;
    if (node === null || typeof node !== "object") continue;
    const type = node[NODE_TYPE];
    if (type === ALIAS && ++aliases > MAX_YAML_ALIASES)
      return { offset: node.range?.[0] ?? 0, message: `more than ${MAX_YAML_ALIASES} aliases` };
    if (type === PAIR) stack.push(node.key, node.value);
    if (type === SEQ) stack.push(...(node.items ?? []));
    if (type !== MAP) continue;
    const seen = new Set<string>();
    for (const item of node.items ?? []) {
      const pair = item as YamlNode;
      const key = keyText(pair.key);
      if (seen.has(key)) {
        const at = (pair.key as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0;
        return { offset: at, message: `Map keys must be unique (${key.slice(1, 81)})` };
      }
      seen.add(key);
      stack.push(pair.key, pair.value);
    }
  }
  return undefined;
}

let unnamedKeys = 0;

/** A key's identity: its type and value for a scalar, its position for anything else (never equal). */
function keyText(key: unknown): string {
  const node = key as (YamlNode & { value?: unknown }) | null;
  if (node !== null && typeof node === "object" && node[NODE_TYPE] === SCALAR)
    return `${typeof node.value === "string" ? "s" : "v"}${String(node.value)}`;
  return `@${(node as YamlNode | null)?.range?.[0] ?? `n${++unnamedKeys}`}`;
}

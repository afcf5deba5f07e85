// Reads the emitted declarations (dist/*.d.ts) of the @exca packages as text, to find the types a public
// signature uses that a consumer cannot name: types declared but not exported by their package, and types
// of other @exca packages that `exca` does not re-export. TypeScript 7 has no JavaScript API, and tsc's
// .d.ts output is regular enough for this: one top-level statement starts at column 0, continuations are
// indented, and every name a statement uses is either declared in the file, imported, or a global.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const STATEMENT_START = /^(export |declare |import |type |interface |\/\*\*|\/\/)/;
const DECLARATION =
  /^(?:export )?(?:declare )?(?:abstract )?(type|interface|class|const|let|function|namespace|enum) ([\w$]+)/;
const TYPE_KINDS = new Set(["type", "interface", "class", "enum", "namespace", "unique symbol"]);

/** One parsed .d.ts file: its imports, its top-level declarations, its export statements. */
function parseFile(file) {
  const lines = readFileSync(file, "utf8").split("\n");
  const statements = [];
  for (const line of lines) {
    if (STATEMENT_START.test(line) || statements.length === 0) statements.push(line);
    else statements[statements.length - 1] += `\n${line}`;
  }
  const imports = new Map(); // local name -> { spec, name } (name "*" for a namespace import)
  const declarations = new Map(); // name -> { kind, exported, texts }
  const reexports = []; // { spec, name, as } ; spec undefined for `export { a as b }` of a local name
  for (const raw of statements) {
    const text = stripComments(raw).trim();
    if (text === "") continue;
    const named = /^(import|export)(?: type)? \{([^}]*)\}(?: from ["']([^"']+)["'])?;/.exec(text);
    if (named !== null) {
      for (const part of named[2].split(",")) {
        const [name, as = name] = part
          .trim()
          .replace(/^type /, "")
          .split(/\s+as\s+/);
        if (name === undefined || name === "") continue;
        if (named[1] === "import") imports.set(as, { spec: named[3], name });
        else reexports.push({ spec: named[3], name, as });
      }
      continue;
    }
    const namespace = /^import(?: type)? \* as ([\w$]+) from ["']([^"']+)["'];/.exec(text);
    if (namespace !== null) {
      imports.set(namespace[1], { spec: namespace[2], name: "*" });
      continue;
    }
    const star = /^export \* (?:as ([\w$]+) )?from ["']([^"']+)["'];/.exec(text);
    if (star !== null) {
      reexports.push({ spec: star[2], name: "*", as: star[1] ?? "*" });
      continue;
    }
    const declared = DECLARATION.exec(text);
    if (declared === null) continue;
    const [, declaredKind, name] = declared;
    // A `unique symbol` const is a type too: an instance type keyed by it cannot be written without it.
    const kind = /^[^=]*: unique symbol;$/.test(text) ? "unique symbol" : declaredKind;
    const entry = declarations.get(name) ?? { kind, exported: false, texts: [] };
    if (TYPE_KINDS.has(kind)) entry.kind = kind;
    entry.exported ||= text.startsWith("export ");
    entry.texts.push(text);
    declarations.set(name, entry);
  }
  for (const { spec, name, as } of reexports) {
    const local = declarations.get(name);
    if (spec === undefined && local !== undefined && as === name) local.exported = true;
  }
  return { file, imports, declarations, reexports };
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * The names a declaration's text refers to: `import("spec").Name`, `Namespace.Name` and bare identifiers
 * (property names, parameter names and labels are left out: an identifier followed by `:`, `?:` or `(`).
 */
function references(text) {
  const found = [];
  const body = text.replace(/import\("([^"]+)"\)\.([\w$]+)/g, (_, spec, name) => {
    found.push({ spec, name });
    return " ";
  });
  const code = body.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
  for (const match of code.matchAll(/(?<![\w$.])([\w$]+)(?:\.([\w$]+))?(?![\w$])(?!\s*\??\s*[:(])/g)) {
    found.push({ local: match[1], member: match[2] });
  }
  return found;
}

/** The @exca packages of the repo, by name: folder and parsed declarations, read lazily. */
export class Declarations {
  constructor(root) {
    this.root = root;
    this.files = new Map();
    this.packages = new Map();
    // The published packages (test-utils is private), by name: their entry's .d.ts.
    const base = join(root, "packages");
    for (const name of readdirSync(base)) {
      const manifestPath = join(base, name, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
      const types = manifest.exports?.["."]?.types;
      if (!manifest.private && types !== undefined) this.packages.set(manifest.name, join(base, name, types));
    }
  }

  file(path) {
    let parsed = this.files.get(path);
    if (parsed === undefined) {
      parsed = parseFile(path);
      this.files.set(path, parsed);
    }
    return parsed;
  }

  /** Where `spec` imported from `file` leads: a .d.ts path, or `undefined` for a third-party package. */
  target(file, spec) {
    if (spec.startsWith(".")) return resolve(dirname(file), spec.replace(/\.js$/, ".d.ts"));
    return this.packages.get(spec);
  }

  /**
   * The declaration `name` of `file` stands for, following imports and re-exports: `{ file, name, entry }`,
   * or `{ external: spec }` for a third-party package, or `undefined` for a global (Promise, Map...).
   */
  origin(file, name, seen = new Set()) {
    const key = `${file}#${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const parsed = this.file(file);
    const entry = parsed.declarations.get(name);
    if (entry !== undefined) return { file, name, entry };
    const imported = parsed.imports.get(name);
    if (imported !== undefined) return this.via(file, imported.spec, imported.name, seen);
    for (const reexport of parsed.reexports) {
      if (reexport.spec === undefined && reexport.as === name) return this.origin(file, reexport.name, seen);
      if (reexport.spec !== undefined && reexport.as === name)
        return this.via(file, reexport.spec, reexport.name, seen);
    }
    for (const reexport of parsed.reexports.filter((r) => r.name === "*" && r.as === "*")) {
      const target = this.target(file, reexport.spec);
      const found = target === undefined ? undefined : this.origin(target, name, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  via(file, spec, name, seen) {
    const target = this.target(file, spec);
    if (target === undefined) return { external: spec, name };
    if (name === "*") return { namespace: target };
    return this.origin(target, name, seen);
  }

  /** The names a package's entry exports, each with the declaration it stands for. */
  exportsOf(packageName) {
    const index = this.packages.get(packageName);
    const result = new Map();
    for (const { spec, name, as } of this.file(index).reexports) {
      if (name === "*") continue;
      const found = spec === undefined ? this.origin(index, name) : this.via(index, spec, name, new Set());
      if (found !== undefined) result.set(as, found);
    }
    for (const [name, entry] of this.file(index).declarations)
      if (entry.exported) result.set(name, { file: index, name, entry });
    return result;
  }

  /** The package a declaration file belongs to. */
  packageOf(file) {
    for (const [name, index] of this.packages) {
      const folder = dirname(dirname(index));
      if (!relative(folder, file).startsWith("..")) return name;
    }
    return undefined;
  }

  /**
   * What the signatures exported by `packageName` use, followed through types across packages:
   * `declarations` (each with the declaration that uses it first, for the messages) and `external`
   * names of third-party packages. Values are followed too: a class's `extends X_base` names a const
   * whose type holds the class's fields.
   */
  reachable(packageName) {
    const seen = new Map();
    const external = new Map();
    const queue = [];
    const visit = (found, usedBy) => {
      if (found?.external !== undefined) {
        external.set(`${found.external}#${found.name}`, { spec: found.external, name: found.name, usedBy });
        return;
      }
      if (found === undefined || found.entry === undefined) return;
      const key = `${found.file}#${found.name}`;
      if (seen.has(key)) return;
      seen.set(key, { ...found, usedBy });
      queue.push(found);
    };
    for (const found of this.exportsOf(packageName).values()) visit(found, "(exported)");
    while (queue.length > 0) {
      const { file, name, entry } = queue.shift();
      const user = `${name} (${relative(this.root, file)})`;
      for (const ref of entry.texts.flatMap(references)) {
        if (ref.spec !== undefined) {
          visit(this.via(file, ref.spec, ref.name, new Set()), user);
          continue;
        }
        if (ref.local === name) continue;
        const found = this.origin(file, ref.local);
        if (found?.namespace !== undefined && ref.member !== undefined)
          visit(this.origin(found.namespace, ref.member), user);
        else visit(found, user);
      }
    }
    return { declarations: [...seen.values()], external: [...external.values()] };
  }
}

/** Same declaration (file and name)? */
export function sameDeclaration(a, b) {
  return a.file === b.file && a.name === b.name;
}

/** True for a declaration a consumer must be able to name: a type, or a class (also a type). */
export function isType(found) {
  return TYPE_KINDS.has(found.entry.kind);
}

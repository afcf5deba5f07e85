// Every TypeScript block of README.md, the package READMEs and docs/*.md is typechecked under the repo's
// strict compiler options, then run (under tsx, in a fresh folder), so the docs cannot drift from the code.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const APP = fileURLToPath(new URL("..", import.meta.url));
/** Inside the app, so that `exca` and `@exca/*` resolve as they do for the app's own modules. */
const RUN = join(APP, ".docs-run");
/** tsx's loader, resolved from this app (the blocks run from temporary folders). */
const TSX = import.meta.resolve("tsx");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

function run(
  command: string,
  args: string[],
  cwd: string,
  timeout = 60_000,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
    });
  });
}

/** The pages with blocks: the root README, each package's README, docs/. */
const pages = [
  join(ROOT, "README.md"),
  ...readdirSync(join(ROOT, "packages")).map((name) => join(ROOT, "packages", name, "README.md")),
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(ROOT, "docs", name)),
].filter((path) => {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
});

/** Methods of exca's classes that a user calls (their type arguments are inferred). */
const EXCA_METHODS = ["job", "jobArray", "cloneObj", "iterCached", "field", "apply", "applyTo", "process"];

/**
 * Casts (`as unknown as`, `as never`) and explicit type arguments on exca calls in a piece of code: on a
 * name imported from exca or an @exca package, or on one of exca's methods. Types must flow from the
 * config to the result without them.
 */
function castsAndTypeArguments(code: string): string[] {
  const imported = [...code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(?:exca|@exca\/[\w-]+)"/g)].flatMap(
    (match) =>
      match[1]!
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "" && !part.startsWith("type "))
        .map((part) => part.split(/\s+as\s+/).pop()!),
  );
  const names = [...imported, ...EXCA_METHODS].join("|");
  const typeArgument = new RegExp(`\\b(?:${names})\\s*<[^>()]*>\\s*\\(`, "g");
  return [
    ...[...code.matchAll(/\bas\s+(?:unknown\s+as|never)\b/g)].map((match) => match[0]),
    ...[...code.matchAll(typeArgument)].map((match) => match[0]),
  ];
}

/** One file per block: `<page path, dashed>-<n>.ts`. */
const files = pages.flatMap((page) =>
  blocks(readFileSync(page, "utf8")).map((code, i) => ({
    label: `${relative(ROOT, page)} block ${i + 1}`,
    name: `${relative(ROOT, page).replace(/\.md$/, "").replace(/[/\\]/g, "-")}-${i + 1}.ts`,
    code,
  })),
);

const work = mkdtempSync(join(tmpdir(), "exca-docs-"));
/** Type errors per block file, from one `tsc` run over all of them. */
const errors = new Map<string, string[]>();

before(async () => {
  rmSync(RUN, { recursive: true, force: true });
  mkdirSync(RUN, { recursive: true });
  for (const file of files) writeFileSync(join(RUN, file.name), file.code);
  // The repo's compiler options (strict, noUncheckedIndexedAccess...), checking only.
  writeFileSync(
    join(RUN, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../tsconfig.base.json",
      compilerOptions: { composite: false, declaration: false, declarationMap: false, noEmit: true },
      include: ["*.ts"],
    }),
  );
  const { output } = await run(TSC, ["-p", join(RUN, "tsconfig.json"), "--pretty", "false"], RUN, 120_000);
  for (const line of output.split("\n")) {
    const match = /^([^(\s]+\.ts)\(\d+,\d+\): error/.exec(line);
    const key = match === null ? "(tsc)" : match[1]!.replace(/^.*[/\\]/, "");
    if (match === null && !/error/.test(line)) continue;
    errors.set(key, [...(errors.get(key) ?? []), line]);
  }
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(RUN, { recursive: true, force: true });
});

describe("docs code blocks", { timeout: 300_000 }, () => {
  it("covers the READMEs and docs pages", () => {
    assert.ok(pages.some((page) => page.endsWith(join("packages", "cache", "README.md"))));
    assert.ok(files.length >= 20, `${files.length} blocks`);
  });

  it("no cast and no explicit type argument on an exca call, in the blocks and the examples app", () => {
    const app = readdirSync(join(APP, "src"))
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .map((name) => ({
        label: `apps/examples/src/${name}`,
        code: readFileSync(join(APP, "src", name), "utf8"),
      }));
    const found = [...files, ...app].flatMap(({ label, code }) =>
      castsAndTypeArguments(code).map((hit) => `${label}: ${hit}`),
    );
    assert.deepEqual(found, []);
  });

  it("tsc ran over the blocks", () => {
    assert.deepEqual(errors.get("(tsc)") ?? [], []);
  });

  for (const [i, file] of files.entries()) {
    it(`${file.label} typechecks (strict) and runs`, async () => {
      assert.deepEqual(errors.get(file.name) ?? [], [], `${file.label} does not typecheck`);
      const cwd = join(work, String(i));
      mkdirSync(cwd);
      const { code, output } = await run(process.execPath, ["--import", TSX, join(RUN, file.name)], cwd);
      assert.equal(code, 0, `${file.label} failed:\n${output}`);
    });
  }
});

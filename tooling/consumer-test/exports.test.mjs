// Portable declarations (issue 14): every type a public signature uses can be named by a consumer. A
// consumer's compiler names a type through its own dependencies only (a package that depends on `exca`
// alone cannot write `import("@exca/config")`), so each type must be exported by the package that
// declares it, and `exca` must re-export every type its own API reaches. Reads the built dist/*.d.ts.
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Declarations, isType, sameDeclaration } from "./declarations.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const declarations = new Declarations(ROOT);

/** Whether `exports` (a package's exported names) includes the declaration itself, under any name. */
function exportsDeclaration(exports, found) {
  return [...exports.values()].some(
    (exported) => exported.entry !== undefined && sameDeclaration(exported, found),
  );
}

function describeMissing(found, owner) {
  return `${found.name} (${relative(ROOT, found.file)}, package ${owner}), used by ${found.usedBy}`;
}

/** `Type` and the names its namespace exports: exca re-exports `Type`, so a consumer reaches these. */
const typeboxTypeNames = new Set([
  "Type",
  ...declarations
    .file(join(ROOT, "packages", "config", "node_modules", "typebox", "build", "typebox.d.mts"))
    .reexports.map((reexport) => reexport.as),
]);

describe("portable declarations", () => {
  for (const packageName of declarations.packages.keys()) {
    it(`${packageName}: every type its signatures use is exported by the package that declares it`, () => {
      const missing = declarations
        .reachable(packageName)
        .declarations.filter(isType)
        .map((found) => ({ found, owner: declarations.packageOf(found.file) }))
        .filter(({ found, owner }) => !exportsDeclaration(declarations.exportsOf(owner), found))
        .map(({ found, owner }) => describeMissing(found, owner));
      assert.deepEqual(
        missing,
        [],
        `export these types from their package's src/index.ts:\n${missing.join("\n")}`,
      );
    });

    it(`${packageName}: its signatures use no third-party type a consumer of exca cannot name`, () => {
      const foreign = declarations
        .reachable(packageName)
        .external.filter(({ spec, name }) => spec !== "typebox" || !typeboxTypeNames.has(name))
        .map(({ spec, name, usedBy }) => `${name} from ${spec}, used by ${usedBy}`);
      assert.deepEqual(
        foreign,
        [],
        `types a consumer would need another package for:\n${foreign.join("\n")}`,
      );
    });
  }

  it("exca re-exports every type its signatures use, from whichever package declares it", () => {
    const exca = declarations.exportsOf("exca");
    const { declarations: reached } = declarations.reachable("exca");
    const missing = reached
      .filter((found) => isType(found) && !exportsDeclaration(exca, found))
      .map((found) => describeMissing(found, declarations.packageOf(found.file)));
    assert.ok(
      reached.length > 50,
      `only ${reached.length} declarations reached from exca: is the walk broken?`,
    );
    assert.deepEqual(
      missing,
      [],
      `re-export these types from packages/exca/src/index.ts:\n${missing.join("\n")}`,
    );
  });
});

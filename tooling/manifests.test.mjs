// Guards the manifests mechanically: every `exports` target exists after the build, every `bin` too,
// and each package's tsconfig `references` match its `workspace:` dependencies.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folders = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(root, group, name))
    .filter(
      (folder) => existsSync(join(folder, "package.json")) && existsSync(join(folder, "tsconfig.json")),
    ),
);
const byName = new Map(
  folders.map((folder) => [JSON.parse(readFileSync(join(folder, "package.json"), "utf8")).name, folder]),
);
byName.set("@exca/bench", join(root, "tooling", "bench"));

function targets(exports) {
  if (typeof exports === "string") return [exports];
  return Object.values(exports ?? {}).flatMap(targets);
}

describe("package manifests", () => {
  for (const folder of folders) {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    it(`${manifest.name}: exports and bin point at built files`, () => {
      for (const target of [...targets(manifest.exports), ...Object.values(manifest.bin ?? {})]) {
        assert.ok(existsSync(join(folder, target)), `${manifest.name}: ${target} is missing`);
      }
    });
    it(`${manifest.name}: tsconfig references match workspace dependencies`, () => {
      const deps = { ...manifest.dependencies, ...manifest.devDependencies };
      const wanted = Object.entries(deps)
        .filter(([, version]) => String(version).startsWith("workspace:"))
        .map(([name]) => resolve(byName.get(name) ?? `missing:${name}`))
        .sort();
      const tsconfig = JSON.parse(readFileSync(join(folder, "tsconfig.json"), "utf8"));
      const referenced = (tsconfig.references ?? []).map((ref) => resolve(folder, ref.path)).sort();
      assert.deepEqual(referenced, wanted);
    });
  }
});

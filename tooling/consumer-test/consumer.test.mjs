// A real consumer of `exca` (issue 14, portable declarations). `first/` is a package that depends on exca
// alone (its node_modules holds only `exca`, linked to packages/exca as pnpm links a workspace or
// installed dependency) and compiles with `declaration: true`. Its .d.ts must name every exca type through
// "exca": an `import("@exca/…")` there does not resolve for first's own users, and with `skipLibCheck`
// (the common setting) their compiler silently reads those types as `any`. `second/` is such a user: it
// depends on `first` alone and its probes prove the nested field types arrive intact.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "..", "..");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");
/** Outside the repo: no node_modules above it, so each consumer sees only what its own node_modules holds. */
const RUN = mkdtempSync(join(tmpdir(), "exca-consumer-"));

const compilerOptions = {
  target: "ES2023",
  lib: ["ES2023"],
  module: "node20",
  moduleResolution: "node16",
  types: ["node"],
  strict: true,
  outDir: "dist",
  rootDir: ".",
};

/** A package folder: manifest, tsconfig, its source, and node_modules links to its dependencies. */
function makePackage(name, links, options) {
  const folder = join(RUN, name);
  mkdirSync(join(folder, "node_modules", "@types"), { recursive: true });
  const manifest = {
    name,
    type: "module",
    exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
    dependencies: Object.fromEntries(Object.keys(links).map((dep) => [dep, "*"])),
  };
  writeFileSync(join(folder, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(folder, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, files: ["index.ts"] }, null, 2),
  );
  copyFileSync(join(HERE, name, "index.ts"), join(folder, "index.ts"));
  for (const [dep, target] of Object.entries({
    ...links,
    "@types/node": join(ROOT, "node_modules", "@types", "node"),
  }))
    symlinkSync(target, join(folder, "node_modules", dep), "dir");
  return folder;
}

function run(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
    });
  });
}

function tsc(folder) {
  return run(TSC, ["-p", folder, "--pretty", "false"], folder);
}

let first = "";
let second = "";
before(() => {
  first = makePackage(
    "first",
    { exca: join(ROOT, "packages", "exca") },
    { declaration: true, isolatedDeclarations: false, skipLibCheck: false },
  );
  // skipLibCheck as most projects set it: an unresolvable import in first's .d.ts would become `any` silently.
  second = makePackage("second", { first }, { noEmit: true, skipLibCheck: true });
});
after(() => rmSync(RUN, { recursive: true, force: true }));

describe("a consumer package that depends on exca alone", { timeout: 240_000 }, () => {
  it("compiles with declaration: true, isolatedDeclarations: false, skipLibCheck: false", async () => {
    const { code, output } = await tsc(first);
    assert.equal(code, 0, `tsc failed on the consumer (tooling/consumer-test/first/index.ts):\n${output}`);
  });

  it("emits a .d.ts that names exca's types through exca, and no any", () => {
    const declarations = readFileSync(join(first, "dist", "index.d.ts"), "utf8");
    const foreign = [...declarations.matchAll(/(?:import\(|from )"(@exca\/[^"]+)"/g)].map((m) => m[0]);
    assert.deepEqual(
      foreign,
      [],
      `the consumer's .d.ts names @exca packages it does not depend on (export those types from exca):\n${declarations}`,
    );
    assert.doesNotMatch(declarations, /\bany\b/, `the consumer's .d.ts has an any:\n${declarations}`);
  });

  it("runs: the second package imports the first's compiled classes, a task computes then finds its cache", async () => {
    // Plain node, default export conditions: `exca` resolves to its published entry (the bundles).
    const script = `
      import { Train } from "first";
      const input = { embedder: { dim: 3, tokenizer: {} }, optimizer: { kind: "adam" }, infra: { folder: "cache" } };
      const first = await new Train(input).process();
      const again = new Train(input); // a new instance: its status comes from the cache folder
      console.log(JSON.stringify({ first, status: await again.infra.status(), again: await again.process() }));`;
    const { code, output } = await run(process.execPath, ["--input-type=module", "-e", script], second);
    assert.equal(code, 0, output);
    assert.deepEqual(JSON.parse(output.trim().split("\n").at(-1)), {
      first: 300,
      status: "completed",
      again: 300,
    });
  });

  it("gives the consumer's own users the nested field types (a second package compiles, its probes fail)", async () => {
    const { code, output } = await tsc(second);
    assert.equal(
      code,
      0,
      `tsc failed on the second consumer (tooling/consumer-test/second/index.ts):\n${output}`,
    );
  });
});

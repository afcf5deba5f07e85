// Bundles the built packages so that processes start fast (run after `tsc -b`; running it twice is
// harmless; `node tooling/bundle.mjs config task` bundles only those packages):
// 1. third-party code: each package's dist/vendor.js (an ES module re-exporting what it needs) in place,
//    and the modules packages load lazily (LAZY) into CommonJS files;
// 2. each package's own modules: every entry of its package.json `exports` (the `exca-modules` target,
//    dist/X.js) becomes dist/bundle/X.js, the `default` target, with shared code in chunks beside them.
//    Modules that code loads by URL (`new URL("./x.js", import.meta.url)`: workers, job handlers) are
//    entries too, so that they keep their file names and export names. Other packages stay imports.
// Loading ~100 small ES modules one by one cost ~40 ms at every process start; the bundles ~10 ms. Tests
// run on the modules (`node --conditions=exca-modules`), so no process mixes both copies of a package.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ESM_REQUIRE =
  'import { createRequire as __excaRequire } from "node:module"; const require = __excaRequire(import.meta.url);';
/** Third-party modules that a package loads lazily (createRequire) from a CommonJS file in its dist. */
const LAZY = [{ name: "config", module: "yaml", file: "vendor-yaml.cjs" }];
const LOADED_BY_URL = /new URL\("\.\/([\w-]+\.js)", import\.meta\.url\)/g;

/** dist/vendor.js stays its own module (already bundled): imported from dist/bundle/ as ../vendor.js. */
const keepVendorApart = {
  name: "keep-vendor-apart",
  setup(builder) {
    builder.onResolve({ filter: /^\.\/vendor\.js$/ }, () => ({ path: "../vendor.js", external: true }));
  },
};

const only = process.argv.slice(2);
const names = readdirSync(join(root, "packages")).filter(
  (name) => (only.length === 0 || only.includes(name)) && existsSync(join(root, "packages", name, "dist")),
);
for (const name of names) {
  const dist = join(root, "packages", name, "dist");
  const vendor = join(dist, "vendor.js");
  if (
    existsSync(vendor) &&
    !readFileSync(vendor, "utf8").startsWith("import { createRequire as __excaRequire")
  )
    await bundleVendor(name, vendor, vendor, "esm");
  for (const lazy of LAZY.filter((lazy) => lazy.name === name)) {
    await bundleVendor(name, lazy.module, join(dist, lazy.file), "cjs");
    mkdirSync(join(dist, "bundle"), { recursive: true });
    copyFileSync(join(dist, lazy.file), join(dist, "bundle", lazy.file));
  }
  await bundlePackage(name, dist);
}

async function bundleVendor(name, entry, out, format) {
  const tmp = `${out}.bundle.tmp`;
  await build({
    entryPoints: [entry],
    bundle: true,
    format,
    platform: "node",
    target: "node20",
    mainFields: format === "esm" ? ["module", "main"] : ["main", "module"],
    conditions: format === "esm" ? ["import", "node"] : ["require", "node"],
    banner: format === "esm" ? { js: ESM_REQUIRE } : undefined,
    minify: true,
    legalComments: "inline",
    outfile: tmp,
    logLevel: "warning",
    absWorkingDir: join(root, "packages", name),
  });
  renameSync(tmp, out);
}

async function bundlePackage(name, dist) {
  const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
  const entries = new Set();
  for (const target of Object.values(manifest.exports ?? {})) {
    const modules = target["exca-modules"];
    if (modules === undefined) continue;
    const file = modules.replace(/^\.\/dist\//, "");
    if (target.default !== `./dist/bundle/${file}`)
      throw new Error(`${name}/package.json: the default of ${modules} should be ./dist/bundle/${file}`);
    entries.add(file);
  }
  if (entries.size === 0) return;
  // Modules loaded by URL from any module the entries reach (a superset is harmless).
  for (const file of readdirSync(dist)) {
    if (!file.endsWith(".js") || /\.(test|bench)\.js$/.test(file)) continue;
    for (const match of readFileSync(join(dist, file), "utf8").matchAll(LOADED_BY_URL)) entries.add(match[1]);
  }
  const outdir = join(dist, "bundle");
  for (const file of existsSync(outdir) ? readdirSync(outdir) : [])
    if (file.endsWith(".js")) rmSync(join(outdir, file));
  await build({
    entryPoints: [...entries].map((file) => join(dist, file)),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    keepNames: true,
    outdir,
    chunkNames: "chunk-[hash]",
    logLevel: "warning",
    absWorkingDir: join(root, "packages", name),
    plugins: [keepVendorApart],
  });
}

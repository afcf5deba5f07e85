// Bundles each package's dist/vendor.js (re-exports of third-party modules) into a single module, in
// place, so that processes start fast. Run after `tsc -b`; running it twice is harmless.
import { existsSync, readdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
for (const name of readdirSync(join(root, "packages"))) {
  const file = join(root, "packages", name, "dist", "vendor.js");
  if (!existsSync(file)) continue;
  const tmp = `${file}.bundle.tmp`;
  await build({
    entryPoints: [file],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    conditions: ["import", "node"],
    banner: {
      js: 'import { createRequire as __excaRequire } from "node:module"; const require = __excaRequire(import.meta.url);',
    },
    minify: true,
    legalComments: "inline",
    outfile: tmp,
    logLevel: "warning",
    absWorkingDir: join(root, "packages", name),
  });
  renameSync(tmp, file);
}

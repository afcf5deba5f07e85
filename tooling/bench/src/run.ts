// `pnpm bench` at the root: runs every package's benchmark (dist/*.bench.js) one after the other,
// collects their JSON lines, prints one table at the end and writes bench-results.json.
// `pnpm bench --only <text>` keeps the scenarios whose name (or package path) contains <text>.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, median, report, resultOf } from "./index.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

function benchFiles(): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, "packages")).sort()) {
    const dist = join(root, "packages", name, "dist");
    if (!existsSync(dist)) continue;
    for (const file of readdirSync(dist)) if (file.endsWith(".bench.js")) files.push(join(dist, file));
  }
  return files;
}

/** Wall time of `node -e "import('exca')"` in the examples app (what a user's project loads), median of 7 runs after a warm-up. */
function importScenario(): BenchResult {
  const cwd = join(root, "apps", "examples");
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", `import("exca")`], { cwd });
    if (i > 0) times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return resultOf("exca: node -e \"import('exca')\" (wall time)", 1, median(times), {
    target: { perItemUsAtMost: 120_000 },
  });
}

/** Runs one bench file; returns its results (those matching --only), or undefined when it failed. */
function runFile(file: string): BenchResult[] | undefined {
  const out = join(tmpdir(), `exca-bench-${process.pid}.jsonl`);
  rmSync(out, { force: true });
  process.stderr.write(`running ${file.slice(root.length)}\n`);
  try {
    execFileSync(process.execPath, [file], {
      env: { ...process.env, EXCA_BENCH_OUT: out },
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch (error) {
    process.stderr.write(`FAILED ${file.slice(root.length)}: ${(error as Error).message}\n`);
    return undefined;
  }
  const lines = existsSync(out) ? readFileSync(out, "utf8").split("\n") : [];
  rmSync(out, { force: true });
  return lines
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as BenchResult)
    .filter((result) => only === undefined || file.includes(only) || result.scenario.includes(only));
}

const results: BenchResult[] = [];
const failed: string[] = [];
if (only === undefined || "exca import".includes(only)) results.push(importScenario());
for (const file of benchFiles()) {
  if (only !== undefined && !file.includes(only) && !readFileSync(file, "utf8").includes(only)) continue;
  const found = runFile(file);
  if (found === undefined) failed.push(file.slice(root.length));
  else results.push(...found);
}
report(results);
writeFileSync(join(root, "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
if (failed.length > 0) {
  process.stderr.write(`\n${failed.length} benchmark(s) failed: ${failed.join(", ")}\n`);
  process.exitCode = 1;
}

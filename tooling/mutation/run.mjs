// A mutation run by hand (`pnpm mutate [--only id,id] [--pkg config,task] [--limit-s 240]`; never run by the
// test suite): applies each mutant of mutants.mjs to its source file in place, rebuilds the package
// (`tsc -b` and its bundles: driver processes load the bundles), runs the package's tests plus the mutant's
// extra test files under a time limit, restores the file and rebuilds. A mutant is killed when the tests
// fail or hang past the limit, survived when they pass. Prints a table per module and writes the JSON
// report to node_modules/.cache/exca-mutation/report.json (or `--out`).
//
// The original of the file being mutated is also saved to node_modules/.cache/exca-mutation/pending.json
// before it is changed: an interrupted run (Ctrl-C, a crash, a kill) restores it on exit, and the next
// run restores whatever a killed run left.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MUTANTS } from "./mutants.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cacheDir = join(root, "node_modules", ".cache", "exca-mutation");
const pendingFile = join(cacheDir, "pending.json");
const tsc = join(root, "node_modules", ".bin", "tsc");

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    pkg: { type: "string" },
    "limit-s": { type: "string", default: "240" },
    out: { type: "string", default: join(cacheDir, "report.json") },
  },
});
const limitMs = Number(values["limit-s"]) * 1000;
const only = values.only?.split(",");
const pkgs = values.pkg?.split(",");
const selected = MUTANTS.filter(
  (mutant) =>
    (only === undefined || only.includes(mutant.id)) && (pkgs === undefined || pkgs.includes(mutant.pkg)),
);

// The machine is shared: stay in the background (children inherit the priority).
try {
  setPriority(15);
} catch {
  // not allowed: run at the current priority
}
mkdirSync(cacheDir, { recursive: true });

/** Puts back the file a run was mutating, if any, and rebuilds its package (synchronous: runs on exit). */
function restorePending() {
  if (!existsSync(pendingFile)) return;
  const { path, original, pkg } = JSON.parse(readFileSync(pendingFile, "utf8"));
  writeFileSync(path, original);
  rmSync(pendingFile);
  process.stderr.write(`mutate: restored ${path}\n`);
  buildSync(pkg);
}

/** `tsc -b` of one package, then its bundles; returns tsc's output when it fails. */
function buildSync(pkg) {
  const built = spawnSync(tsc, ["-b", join("packages", pkg)], { cwd: root, encoding: "utf8" });
  if (built.status !== 0) return `${built.stdout}${built.stderr}`;
  const bundled = spawnSync(process.execPath, ["tooling/bundle.mjs", pkg], { cwd: root, encoding: "utf8" });
  return bundled.status === 0 ? undefined : `bundle failed: ${bundled.stderr}`;
}

/** The process group of the tests running now (they run detached: stopped with the run). */
let testGroup = 0;

function stopTests() {
  if (testGroup === 0) return;
  try {
    process.kill(-testGroup, "SIGKILL");
  } catch {
    // already gone
  }
}

process.on("exit", () => {
  stopTests();
  restorePending();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    process.stderr.write(`mutate: ${signal}, restoring\n`);
    process.exit(130);
  });
}

/** Runs the tests of a mutant in their own process group; resolves with the outcome. */
function runTests(mutant) {
  const files = [join("packages", mutant.pkg, "dist"), ...(mutant.extra ?? [])];
  const args = [
    "--conditions=exca-modules",
    "--test",
    "--test-concurrency=2",
    "--test-reporter=dot",
    ...files,
  ];
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    testGroup = child.pid ?? 0;
    let output = "";
    child.stdout.on("data", (chunk) => {
      output = (output + chunk).slice(-20_000);
    });
    child.stderr.on("data", (chunk) => {
      output = (output + chunk).slice(-20_000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopTests();
    }, limitMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      stopTests(); // workers and drivers the tests left behind
      testGroup = 0;
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      if (timedOut) resolve({ status: "killed", by: `timeout after ${limitMs / 1000} s`, seconds });
      else if (code === 0) resolve({ status: "survived", seconds });
      else resolve({ status: "killed", by: failedTests(output), seconds });
    });
  });
}

/** The names of the failing tests, from the dot reporter's failure list. */
function failedTests(output) {
  const names = [...output.matchAll(/^\s*✖ (.+?)(?: \(\d[\d.]*m?s\))?$/gm)].map((match) => match[1]);
  return [...new Set(names)].slice(0, 3).join("; ") || "tests failed";
}

restorePending();
const results = [];
for (const mutant of selected) {
  const path = join(root, "packages", mutant.pkg, "src", mutant.file);
  const original = readFileSync(path, "utf8");
  const count = original.split(mutant.find).length - 1;
  if (count !== 1) {
    results.push({ ...mutant, status: "invalid", by: `text found ${count} times in ${mutant.file}` });
    continue;
  }
  writeFileSync(pendingFile, JSON.stringify({ path, original, pkg: mutant.pkg }));
  writeFileSync(path, original.replace(mutant.find, mutant.replace));
  const buildError = buildSync(mutant.pkg);
  const outcome =
    buildError === undefined ? await runTests(mutant) : { status: "invalid", by: buildError.slice(0, 300) };
  restorePending();
  const result = {
    id: mutant.id,
    module: `${mutant.pkg}/${mutant.file}`,
    planted: mutant.planted === true,
    ...outcome,
  };
  results.push(result);
  process.stdout.write(
    `${result.status.padEnd(8)} ${result.id} (${result.module}) ${result.by ?? ""} ${result.seconds ?? ""}s\n`,
  );
}

const modules = new Map();
for (const result of results) {
  const counts = modules.get(result.module) ?? { killed: 0, survived: 0, invalid: 0 };
  counts[result.status]++;
  modules.set(result.module, counts);
}
const summary = [...modules].map(([module, counts]) => ({
  module,
  ...counts,
  score: counts.killed + counts.survived === 0 ? null : counts.killed / (counts.killed + counts.survived),
}));
writeFileSync(values.out, `${JSON.stringify({ results, summary }, null, 2)}\n`);
process.stdout.write(`\n${"module".padEnd(28)} killed survived invalid score\n`);
for (const row of summary) {
  const score = row.score === null ? "-" : `${Math.round(row.score * 100)}%`;
  process.stdout.write(
    `${row.module.padEnd(28)} ${String(row.killed).padStart(6)} ${String(row.survived).padStart(8)} ${String(row.invalid).padStart(7)} ${score.padStart(5)}\n`,
  );
}
const survivors = results.filter((result) => result.status === "survived");
if (survivors.length > 0)
  process.stdout.write(`\nsurvived: ${survivors.map((result) => result.id).join(", ")}\n`);
const plantedAlive = results.filter((result) => result.planted && result.status !== "killed");
if (plantedAlive.length > 0)
  process.stdout.write(`planted bugs not caught: ${plantedAlive.map((r) => r.id).join(", ")}\n`);
process.stdout.write(`report: ${values.out}\n`);
process.exitCode = plantedAlive.length > 0 ? 1 : 0;

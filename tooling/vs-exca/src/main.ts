// `pnpm bench:vs-exca`: exca-py 0.5.27's scenarios (bench.py through run.sh, and py/slurm_bench.py,
// py/scale_bench.py) and their TypeScript twins (twin.ts), alternating Python and TypeScript, for some
// rounds; then ONE table of medians with the speed-up and the goal of each row, and bench-vs-exca.json.
// Run by hand only (never by the test suite); the machine should be quiet.
//
// Usage: pnpm bench:vs-exca [--rounds 3] [--only task,map_small,...] [--no-slurm] [--no-scale]
//        [--scale-n 1000000] [--ten-million]
// Env:   MIRROR_ROOT (the exca and submitit snapshots, see ../shared/bench/exca-py/README.md), PYTHON.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { goals, judge, type Side, tableOf } from "./goals.js";
import type { Row } from "./rows.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const repo = join(here, "..", "..");
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    only: { type: "string", default: "" },
    "no-slurm": { type: "boolean", default: false },
    "no-scale": { type: "boolean", default: false },
    "scale-n": { type: "string", default: "1000000" },
    "ten-million": { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const BENCH_GROUPS = ["startup", "task", "map_small", "map_arrays", "uid", "local", "map_partial"];
const only = values.only.split(",").filter((name) => name !== "");
const wanted = (group: string): boolean => only.length === 0 || only.includes(group);
const benchGroups = BENCH_GROUPS.filter(wanted);
const slurm = !values["no-slurm"] && wanted("slurm") && onPath("sbatch");
const scale = !values["no-scale"] && wanted("scale");
const pyDir = process.env.EXCA_PY_BENCH ?? join(repo, "..", "shared", "bench", "exca-py");
const python = process.env.PYTHON ?? "python3";

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, command)));
}

/** JSON lines of a command's stdout (other lines ignored); its stderr passes through. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { rows: Row[]; status: number } {
  const done = spawnSync(command, args, {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 26,
  });
  const rows = (done.stdout ?? "")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Row);
  return { rows, status: done.status ?? 1 };
}

/** The PYTHONPATH that setup.sh prints last, or why the Python side is unavailable. */
function pythonEnv(): NodeJS.ProcessEnv | string {
  const setup = join(pyDir, "setup.sh");
  if (!existsSync(setup)) return `${setup} not found (set EXCA_PY_BENCH to the folder of run.sh)`;
  const done = spawnSync("bash", [setup], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (done.status === 3) return "the exca/submitit snapshots are missing (setup.sh exit 3: set MIRROR_ROOT)";
  if (done.status === 4)
    return "a Python package is missing (setup.sh exit 4: pydantic, numpy, PyYAML, orjson)";
  const last = done.stdout.trim().split("\n").pop() ?? "";
  const match = /^export PYTHONPATH=(.*)$/.exec(last);
  if (done.status !== 0 || match === null) return `setup.sh failed (exit ${done.status})`;
  return { ...process.env, PYTHONPATH: match[1]!.replace(/^["']|["']$/g, "") };
}

function freshRoot(side: string): string {
  return mkdtempSync(join(tmpdir(), `vs-exca-${side}-`));
}

/** One side's rows for one round: bench.py's groups, then Slurm, then scale. */
function pythonRound(env: NodeJS.ProcessEnv): Row[] {
  const rows: Row[] = [];
  if (benchGroups.length > 0) {
    const done = run("bash", [join(pyDir, "run.sh"), "--only", benchGroups.join(",")], {
      ...env,
      EXCA_BENCH_NO_DROP_CACHES: "1",
    });
    rows.push(...done.rows);
  }
  for (const [enabled, script, args] of [
    [slurm, "slurm_bench.py", []],
    [scale, "scale_bench.py", ["--n", values["scale-n"]]],
  ] as const) {
    if (!enabled) continue;
    const root = freshRoot("py");
    try {
      rows.push(...run(python, [join(here, "py", script), "--root", root, ...args], env).rows);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}

/** One twin process on a fresh folder. */
function twin(groups: string[], scaleN: string): Row[] {
  const root = freshRoot("ts");
  try {
    return run(process.execPath, [
      join(here, "dist", "twin.js"),
      "--root",
      root,
      "--only",
      groups.join(","),
      "--scale-n",
      scaleN,
    ]).rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** bench.py's groups, Slurm and the limits in one process (as bench.py runs); scale in its own, as on the Python side. */
function typescriptRound(): Row[] {
  const rows = twin([...benchGroups, ...(slurm ? ["slurm"] : []), "limits"], values["scale-n"]);
  if (scale) rows.push(...twin(["scale"], values["scale-n"]));
  return rows;
}

/**
 * Flushes dirty pages between the two sides (outside every timed region): one side's writes otherwise
 * go to disk while the other side runs, and its file creations wait on that writeback and the journal.
 */
function settle(): void {
  spawnSync("sync");
}

const loadBefore = loadavg();
const env = pythonEnv();
if (typeof env === "string")
  process.stderr.write(`\nexca-py side UNAVAILABLE: ${env}; running the TypeScript side only\n\n`);
const sides: Record<Side, Row[][]> = { py: [], ts: [] };
for (let round = 0; round < rounds; round++) {
  // alternate who goes first, so that neither side always runs on the file system the other left
  const order: Side[] = round % 2 === 0 ? ["py", "ts"] : ["ts", "py"];
  for (const side of order) {
    if (side === "py" && typeof env === "string") continue;
    process.stderr.write(
      `[vs-exca] round ${round + 1}/${rounds}: ${side === "py" ? "exca-py" : "TypeScript"}\n`,
    );
    settle();
    sides[side].push(side === "py" ? pythonRound(env as NodeJS.ProcessEnv) : typescriptRound());
  }
}
if (values["ten-million"]) {
  // TypeScript only: exca-py would take ~8 minutes at 10M
  const rows = twin(["scale"], "10000000");
  sides.ts.push(rows.map((row) => ({ ...row, scenario: `${row.scenario}_10m` })));
}
const results = judge(goals(Number(values["scale-n"])), sides);
const load = `load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")} before, ${loadavg()
  .map((x) => x.toFixed(2))
  .join(" ")} after (${availableParallelism()} cores)`;
process.stdout.write(`\n${tableOf(results, rounds)}${load}\n`);
const out = join(repo, "bench-vs-exca.json");
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), rounds, results, raw: sides }, null, 2)}\n`,
);
process.stderr.write(`\nwrote ${out}\n`);

// The rows of the side-by-side table (issue 15): which scenario each side reports, the figure compared,
// and the goal, judged on the medians over the rounds.
import type { Row } from "./rows.js";

/** exca-py or this project. */
export type Side = "py" | "ts";
type Field = "per_item_us" | "mb_per_s" | "seconds" | "peak_rss_mb" | "disk_mb";

/** What a row must reach; without one, the row is reported only. */
type Target =
  /** this ≥ `min` × exca-py (speed-up; for MB/s higher is better, else lower). */
  | { speedup: number }
  /** this ≤ `max` (in the row's unit). */
  | { atMost: number }
  /** this ≥ `ratio` × (MB/s) or ≤ `ratio` × (time) of another TypeScript row, the machine's limit. */
  | { limit: string; limitField: Field; ratio: number; scale?: number };

interface Goal {
  label: string;
  scenario: string;
  field: Field;
  /** exca-py's scenario, when it has one. */
  py?: string;
  /** Shown divided by this (1000: µs shown as ms). @default 1 */
  per?: number;
  target?: Target;
}

const us = "per_item_us";
const ms = { per: 1000 };
/** A row of this project only (a machine limit, or a goal against one). */
const ours = (
  label: string,
  scenario: string,
  field: Field,
  target?: Target,
  more: Partial<Goal> = {},
): Goal => ({
  label,
  scenario,
  field,
  ...(target === undefined ? {} : { target }),
  ...more,
});
/** A row comparing both sides on the same scenario. */
const both = (...args: Parameters<typeof ours>): Goal => ({ ...ours(...args), py: args[1] });
const limit = (of: string, limitField: Field, ratio: number): Target => ({ limit: of, limitField, ratio });

/** A plain loop's MB/s (the machine's limit), then the row that must reach half of it. */
const halfOfLoop = (loop: string, loopScenario: string, what: string, scenario: string): Goal[] => [
  ours(`limit: ${loop} (MB/s)`, loopScenario, "mb_per_s"),
  ours(`${what} vs the plain loop (MB/s)`, scenario, "mb_per_s", limit(loopScenario, "mb_per_s", 0.5)),
];

/** The table, in the order: the 12 speed goals, other rows, the limits, then the scale rows (`n` items). */
export function goals(n: number): Goal[] {
  const big = n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n.toLocaleString("en-US");
  const rss = n >= 1e6 ? { atMost: 250 } : undefined; // the RSS goal is set at 1M items
  return [
    both("uid of a 15-field nested config (µs)", "uid_compute", us, { speedup: 100 }),
    both("TaskInfra cold, trivial method, per task (µs)", "task_cold", us, { speedup: 10 }),
    both("TaskInfra warm, fresh process, per task (µs)", "task_warm_disk", us, { speedup: 10 }),
    both("MapInfra 20,000 small items cold (µs/item)", "map_cold_small", us, { speedup: 15 }),
    both("MapInfra 20,000 small items warm, fresh process (µs/item)", "map_warm_small", us, { speedup: 10 }),
    both("MapInfra 20,000 small items half cached (µs/item)", "map_partial", us, { speedup: 15 }),
    both("MapInfra 2,000 x 16 KiB arrays write (MB/s)", "map_cold_arrays", "mb_per_s", { speedup: 3 }),
    both("MapInfra 2,000 x 16 KiB arrays hot read, fresh process (MB/s)", "map_warm_arrays", "mb_per_s", {
      speedup: 4,
    }),
    both("child-process job end to end (ms)", "local_process", us, { speedup: 8 }, ms),
    both("import of the package, wall (ms)", "startup_import", us, { speedup: 3 }, ms),
    both("Slurm: one trivial task, submit to result (s)", "slurm_one", "seconds", { speedup: 2 }),
    both("Slurm: jobArray of 40 trivial tasks, to all results (s)", "slurm_array", "seconds", { speedup: 3 }),
    both("TaskInfra warm, same objects, read back (µs)", "task_warm_ram", us),
    both("TaskInfra RAM hit (µs)", "task_warm_ram_keep", us),
    both("uid with infra.folder set (µs)", "uid_compute_folder", us),
    both("5 child-process jobs as one array (ms/job)", "local_process_array", us, undefined, ms),
    ...halfOfLoop(
      "plain writeSync of the same arrays",
      "limit_arrays_write",
      "arrays write",
      "map_cold_arrays",
    ),
    ...halfOfLoop(
      "plain readSync of the arrays, fresh process",
      "limit_arrays_read",
      "arrays read",
      "map_warm_arrays",
    ),
    ours("limit: empty writeFileSync, one file per task (µs)", "limit_task_files", us),
    ours("limit: `node -e 0`, wall (ms)", "startup_bare", us, undefined, ms),
    ours("child job vs node start + import (ms)", "local_process", us, limit("startup_import", us, 1.5), ms),
    both(`${big} small items mapped cold (s)`, "scale_cold", "seconds"),
    both(`${big} small items read back, fresh process (s)`, "scale_warm", "seconds", { speedup: 10 }),
    both(`${big}: peak RSS mapping (MB)`, "scale_cold", "peak_rss_mb", rss),
    both(`${big}: peak RSS reading back (MB)`, "scale_warm", "peak_rss_mb", rss),
    both(`${big}: size on disk (MB)`, "scale_cold", "disk_mb"),
    ours("10M mapped cold (s)", "scale_cold_10m", "seconds", limit("scale_cold", "seconds", 11)),
    ours("10M read back, fresh process (s)", "scale_warm_10m", "seconds", limit("scale_warm", "seconds", 11)),
    ours("10M: peak RSS mapping (MB)", "scale_cold_10m", "peak_rss_mb", { atMost: 2500 }),
    ours("10M: peak RSS reading back (MB)", "scale_warm_10m", "peak_rss_mb", { atMost: 2500 }),
  ];
}

/** One line of the table: medians over the rounds. */
export interface Result {
  label: string;
  scenario: string;
  py?: number;
  ts?: number;
  speedup?: number;
  goal?: string;
  met?: boolean;
}

const higherIsBetter = (field: Field): boolean => field === "mb_per_s";

function medianOf(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median of one field of one scenario over a side's rounds (undefined when never measured). */
function figure(rounds: Row[][], scenario: string, field: Field): number | undefined {
  return medianOf(
    rounds
      .flatMap((rows) => rows.filter((row) => row.scenario === scenario).map((row) => row[field]))
      .filter((value): value is number => typeof value === "number" && Number.isFinite(value)),
  );
}

/** Judges every goal that has figures. */
export function judge(goals: Goal[], sides: Record<Side, Row[][]>): Result[] {
  const results: Result[] = [];
  for (const goal of goals) {
    const ts = figure(sides.ts, goal.scenario, goal.field);
    if (ts === undefined) continue;
    const per = goal.per ?? 1;
    const result: Result = { label: goal.label, scenario: goal.scenario, ts: ts / per };
    const py = goal.py === undefined ? undefined : figure(sides.py, goal.py, goal.field);
    if (py !== undefined) {
      result.py = py / per;
      result.speedup = higherIsBetter(goal.field) ? ts / py : py / ts;
    }
    const target = goal.target;
    if (target === undefined) {
      // reported only
    } else if ("speedup" in target) {
      result.goal = `≥ ${target.speedup}×`;
      if (result.speedup !== undefined) result.met = result.speedup >= target.speedup;
    } else if ("atMost" in target) {
      result.goal = `≤ ${target.atMost}`;
      result.met = ts <= target.atMost;
    } else {
      const limit = figure(sides.ts, target.limit, target.limitField);
      if (limit === undefined) continue;
      // the limit (another row of this project) replaces exca-py as the reference
      result.py = undefined;
      result.speedup = undefined;
      if (higherIsBetter(goal.field)) {
        result.goal = `≥ ${target.ratio * 100}% of ${format(limit / per)}`;
        result.met = ts >= target.ratio * limit;
      } else {
        result.goal = `≤ ${target.ratio}× ${format(limit / per)}`;
        result.met = ts <= target.ratio * limit;
      }
    }
    results.push(result);
  }
  return results;
}

function format(value: number | undefined): string {
  if (value === undefined) return "—";
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The table, as Markdown (it goes into docs/performance.md as it is printed). */
export function tableOf(results: Result[], rounds: number): string {
  const header = ["scenario", "exca-py", "this", "speed-up", "goal", "met?"];
  const rows = results.map((r) => [
    r.label,
    format(r.py),
    format(r.ts),
    r.speedup === undefined ? "" : `${r.speedup.toFixed(1)}×`,
    r.goal ?? "report",
    r.met === undefined ? "" : r.met ? "yes" : "NO",
  ]);
  const lines = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`);
  const speed = results.filter((r) => r.goal?.startsWith("≥ ") && r.goal.endsWith("×"));
  const met = speed.filter((r) => r.met).length;
  return `Medians of ${rounds} round(s).\n\n${lines.join("\n")}\n\nspeed-up goals met: ${met} of ${speed.length}\n`;
}

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
  target?: Target;
}

const us = "per_item_us";
/** The table, in the order: the 12 speed goals, the limits, then the scale rows. */
export const GOALS: Goal[] = [
  {
    label: "uid of a 15-field nested config (µs)",
    scenario: "uid_compute",
    py: "uid_compute",
    field: us,
    target: { speedup: 100 },
  },
  {
    label: "TaskInfra cold, trivial method, per task (µs)",
    scenario: "task_cold",
    py: "task_cold",
    field: us,
    target: { speedup: 10 },
  },
  {
    label: "TaskInfra warm, fresh process, per task (µs)",
    scenario: "task_warm_disk",
    py: "task_warm_disk",
    field: us,
    target: { speedup: 10 },
  },
  {
    label: "MapInfra 20,000 small items cold (µs/item)",
    scenario: "map_cold_small",
    py: "map_cold_small",
    field: us,
    target: { speedup: 15 },
  },
  {
    label: "MapInfra 20,000 small items warm, fresh process (µs/item)",
    scenario: "map_warm_small",
    py: "map_warm_small",
    field: us,
    target: { speedup: 10 },
  },
  {
    label: "MapInfra 20,000 small items half cached (µs/item)",
    scenario: "map_partial",
    py: "map_partial",
    field: us,
    target: { speedup: 15 },
  },
  {
    label: "MapInfra 2,000 x 16 KiB arrays write (MB/s)",
    scenario: "map_cold_arrays",
    py: "map_cold_arrays",
    field: "mb_per_s",
    target: { speedup: 3 },
  },
  {
    label: "MapInfra 2,000 x 16 KiB arrays hot read, fresh process (MB/s)",
    scenario: "map_warm_arrays",
    py: "map_warm_arrays",
    field: "mb_per_s",
    target: { speedup: 4 },
  },
  {
    label: "child-process job end to end (µs)",
    scenario: "local_process",
    py: "local_process",
    field: us,
    target: { speedup: 8 },
  },
  {
    label: "import of the package, wall (µs)",
    scenario: "startup_import",
    py: "startup_import",
    field: us,
    target: { speedup: 3 },
  },
  {
    label: "Slurm: one trivial task, submit to result (µs)",
    scenario: "slurm_one",
    py: "slurm_one",
    field: us,
    target: { speedup: 2 },
  },
  {
    label: "Slurm: jobArray of 40 trivial tasks, to all results (s)",
    scenario: "slurm_array",
    py: "slurm_array",
    field: "seconds",
    target: { speedup: 3 },
  },
  {
    label: "TaskInfra warm, same objects, read back (µs)",
    scenario: "task_warm_ram",
    py: "task_warm_ram",
    field: us,
  },
  { label: "TaskInfra RAM hit (µs)", scenario: "task_warm_ram_keep", py: "task_warm_ram_keep", field: us },
  {
    label: "uid with infra.folder set (µs)",
    scenario: "uid_compute_folder",
    py: "uid_compute_folder",
    field: us,
  },
  {
    label: "5 child-process jobs as one array (µs/job)",
    scenario: "local_process_array",
    py: "local_process_array",
    field: us,
  },
  {
    label: "limit: plain writeSync of the arrays (MB/s; goal: write ≥ 50%)",
    scenario: "limit_arrays_write",
    field: "mb_per_s",
  },
  {
    label: "arrays write vs the plain loop (MB/s)",
    scenario: "map_cold_arrays",
    field: "mb_per_s",
    target: { limit: "limit_arrays_write", limitField: "mb_per_s", ratio: 0.5 },
  },
  {
    label: "limit: plain readSync of the arrays, fresh process (MB/s)",
    scenario: "limit_arrays_read",
    field: "mb_per_s",
  },
  {
    label: "arrays read vs the plain loop (MB/s)",
    scenario: "map_warm_arrays",
    field: "mb_per_s",
    target: { limit: "limit_arrays_read", limitField: "mb_per_s", ratio: 0.5 },
  },
  { label: "limit: empty writeFileSync, one file per task (µs)", scenario: "limit_task_files", field: us },
  { label: "limit: `node -e 0`, wall (µs)", scenario: "startup_bare", field: us },
  {
    label: "child job vs node start + import (µs; ≤ 1.5×)",
    scenario: "local_process",
    field: us,
    target: { limit: "startup_import", limitField: us, ratio: 1.5 },
  },
  { label: "1M small items mapped cold (s)", scenario: "scale_cold", py: "scale_cold", field: "seconds" },
  {
    label: "1M small items read back, fresh process (s)",
    scenario: "scale_warm",
    py: "scale_warm",
    field: "seconds",
    target: { speedup: 10 },
  },
  {
    label: "1M: peak RSS mapping (MB)",
    scenario: "scale_cold",
    py: "scale_cold",
    field: "peak_rss_mb",
    target: { atMost: 250 },
  },
  {
    label: "1M: peak RSS reading back (MB)",
    scenario: "scale_warm",
    py: "scale_warm",
    field: "peak_rss_mb",
    target: { atMost: 250 },
  },
  { label: "1M: size on disk (MB)", scenario: "scale_cold", py: "scale_cold", field: "disk_mb" },
  {
    label: "10M mapped cold (s; ≤ 11× the 1M run)",
    scenario: "scale_cold_10m",
    field: "seconds",
    target: { limit: "scale_cold", limitField: "seconds", ratio: 11 },
  },
  {
    label: "10M read back, fresh process (s; ≤ 11× 1M)",
    scenario: "scale_warm_10m",
    field: "seconds",
    target: { limit: "scale_warm", limitField: "seconds", ratio: 11 },
  },
  {
    label: "10M: peak RSS mapping / reading (MB)",
    scenario: "scale_cold_10m",
    field: "peak_rss_mb",
    target: { atMost: 2500 },
  },
  {
    label: "10M: peak RSS reading back (MB)",
    scenario: "scale_warm_10m",
    field: "peak_rss_mb",
    target: { atMost: 2500 },
  },
];

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
    const result: Result = { label: goal.label, scenario: goal.scenario, ts };
    if (goal.py !== undefined) result.py = figure(sides.py, goal.py, goal.field);
    if (result.py !== undefined)
      result.speedup = higherIsBetter(goal.field) ? ts / result.py : result.py / ts;
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
      result.py = undefined;
      result.speedup = undefined;
      if (higherIsBetter(goal.field)) {
        result.goal = `≥ ${target.ratio * 100}% of ${format(limit)}`;
        result.met = ts >= target.ratio * limit;
      } else {
        result.goal = `≤ ${target.ratio}× ${format(limit)}`;
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

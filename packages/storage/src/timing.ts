/** One benchmark figure, printed as one JSON line. */
export interface BenchResult {
  scenario: string;
  /** Items processed. */
  n: number;
  /** Wall time, or null when the scenario could not run (see `note`). */
  seconds: number | null;
  perItemUs: number | null;
  /** Throughput in MB/s (10^6 bytes), null when not meaningful. */
  mbPerS: number | null;
  /** Peak resident set size of the measuring process so far. */
  peakRssMb: number;
  note?: string;
}

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Runs `fn` once and returns its wall time in seconds. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs `fn` `runs` times (collecting garbage before each run) and returns every wall time in seconds. */
export async function timeRuns(runs: number, fn: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    times.push(await timeIt(fn));
  }
  return times;
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

let gc: (() => void) | undefined;

/** Runs a full garbage collection, so one run's garbage does not slow the next one down. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

/** Peak resident set size of this process, in MB. */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

/** Extra figures of a {@link BenchResult}. */
export interface ResultDetails {
  /** Bytes processed, for the throughput. */
  bytes?: number;
  /** Peak RSS to report instead of this process's (e.g. a child's). */
  peakMb?: number;
  note?: string;
}

/** Builds a {@link BenchResult} from a wall time. */
export function result(
  scenario: string,
  n: number,
  seconds: number,
  details: ResultDetails = {},
): BenchResult {
  const { bytes, peakMb, note } = details;
  return {
    scenario,
    n,
    seconds: round(seconds),
    perItemUs: round((seconds / n) * 1e6),
    mbPerS: bytes === undefined ? null : round(bytes / seconds / 1e6),
    peakRssMb: peakMb ?? peakRssMb(),
    ...(note === undefined ? {} : { note }),
  };
}

/** A result for a scenario that could not run, with the reason. */
export function notAvailable(scenario: string, n: number, note: string): BenchResult {
  return { scenario, n, seconds: null, perItemUs: null, mbPerS: null, peakRssMb: peakRssMb(), note };
}

/** Renders results as a fixed-width text table, "n/a" for missing figures. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ["scenario", "n", "seconds", "µs/item", "MB/s", "peak RSS MB", "note"];
  const rows = results.map((r) => [
    r.scenario,
    String(r.n),
    show(r.seconds),
    show(r.perItemUs),
    show(r.mbPerS),
    String(r.peakRssMb),
    r.note ?? "",
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function show(value: number | null): string {
  return value === null ? "n/a" : String(value);
}

/** Rounds to 3 decimals, for printing. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

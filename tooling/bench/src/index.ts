import { appendFileSync } from "node:fs";

/** One benchmark figure, as printed (one JSON line per scenario) and appended to `bench-results.json`. */
export interface BenchResult {
  scenario: string;
  /** Items processed in one run. */
  n: number;
  /** Median wall time of one run. */
  seconds: number;
  perItemUs?: number;
  mbPerS?: number;
  peakRssMb: number;
  /** The target, in words (e.g. `<= 20 us`). */
  target?: string;
  /** Whether the target is met. */
  ok?: boolean;
}

/** How to judge a result against its target. */
export interface Target {
  perItemUsAtMost?: number;
  mbPerSAtLeast?: number;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** @default 5 */
  runs?: number;
  /** Untimed runs first, to warm the JIT and caches. @default 1 */
  warmup?: number;
  /** Bytes processed per run, to report MB/s. */
  bytes?: number;
  target?: Target;
}

/** {@link MeasureOptions} with an untimed setup whose result each run receives. */
export interface SetupOptions<S> extends MeasureOptions {
  setup: () => S | Promise<S>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** Builds a result from one timing, judging it against its target. */
export function resultOf(
  scenario: string,
  n: number,
  seconds: number,
  options: MeasureOptions = {},
): BenchResult {
  const result: BenchResult = { scenario, n, seconds: round(seconds, 6), peakRssMb: peakRssMb() };
  result.perItemUs = round((seconds / n) * 1e6, 3);
  if (options.bytes !== undefined) result.mbPerS = round(options.bytes / 1e6 / seconds, 1);
  const target = options.target;
  if (target?.perItemUsAtMost !== undefined) {
    result.target = `<= ${target.perItemUsAtMost} us/item`;
    result.ok = result.perItemUs <= target.perItemUsAtMost;
  } else if (target?.mbPerSAtLeast !== undefined) {
    result.target = `>= ${target.mbPerSAtLeast} MB/s`;
    result.ok = (result.mbPerS ?? 0) >= target.mbPerSAtLeast;
  }
  return result;
}

/** Times `run` (processing `n` items) after a warm-up; median of the runs; with an untimed `setup` before every run (warm-up included); `run` receives its result. */
export async function measure<S>(
  scenario: string,
  n: number,
  run: (state: S) => unknown,
  options: SetupOptions<S>,
): Promise<BenchResult>;
/** Times `run` (which processes `n` items) several times after a warm-up and returns the median. */
export async function measure(
  scenario: string,
  n: number,
  run: () => unknown,
  options?: MeasureOptions,
): Promise<BenchResult>;
export async function measure<S>(
  scenario: string,
  n: number,
  run: (state: S) => unknown,
  options: MeasureOptions & { setup?: () => S | Promise<S> } = {},
): Promise<BenchResult> {
  const { runs = 5, warmup = 1, setup } = options;
  const times: number[] = [];
  for (let i = -warmup; i < runs; i++) {
    const state = (await setup?.()) as S;
    const start = process.hrtime.bigint();
    await run(state);
    if (i >= 0) times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return resultOf(scenario, n, median(times), options);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Prints one JSON line per result, then a table; appends the lines to `$EXCA_BENCH_OUT` when set. */
export function report(results: BenchResult[]): void {
  const out = process.env.EXCA_BENCH_OUT;
  for (const result of results) {
    const line = JSON.stringify(result);
    process.stdout.write(`${line}\n`);
    if (out !== undefined) appendFileSync(out, `${line}\n`);
  }
  const rows = results.map((r) => [
    r.scenario,
    String(r.n),
    r.seconds.toFixed(4),
    r.perItemUs === undefined ? "" : r.perItemUs.toFixed(3),
    r.mbPerS === undefined ? "" : r.mbPerS.toFixed(0),
    r.peakRssMb.toFixed(0),
    r.target === undefined ? "" : `${r.target} ${r.ok ? "ok" : "MISSED"}`,
  ]);
  const header = ["scenario", "n", "seconds", "us/item", "MB/s", "peak RSS MB", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ");
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("-|-")}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

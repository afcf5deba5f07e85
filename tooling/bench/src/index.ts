import { execFileSync } from "node:child_process";
import { appendFileSync, closeSync, fsyncSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

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
  /** Detail worth printing beside the figures (a split of the time, what bounds it...). */
  note?: string;
}

/** How to judge a result against its target. */
export interface Target {
  perItemUsAtMost?: number;
  mbPerSAtLeast?: number;
}

/** Options of {@link resultOf}. */
export interface ResultOptions {
  /** Bytes processed per run, to report MB/s. */
  bytes?: number;
  target?: Target;
  note?: string;
  /** Peak RSS to report instead of this process's (e.g. a child's). */
  peakRssMb?: number;
}

/** Options of {@link measure} and {@link measureReported}. */
export interface MeasureOptions extends ResultOptions {
  /** @default 5 */
  runs?: number;
  /** Untimed runs first, to warm the JIT and caches. @default 1 */
  warmup?: number;
  /** Collect garbage (untimed) before every run, so one run's garbage does not slow the next. @default false */
  gc?: boolean;
}

/** {@link MeasureOptions} with an untimed setup whose result each run receives. */
export interface SetupOptions<S> extends MeasureOptions {
  setup: () => S | Promise<S>;
}

/** What one run reports about itself (e.g. a child process timing only its own work). */
export interface Sample {
  seconds: number;
  peakRssMb?: number;
  note?: string;
}

/** The median of some numbers (the upper one of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Peak resident set size of this process so far, in MB. On Linux from `VmHWM`: getrusage's maxRSS keeps the
 * parent's peak across fork and exec, so a child started by a 500 MB process reported at least 500 MB.
 */
export function peakRssMb(): number {
  let kib = process.resourceUsage().maxRSS;
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm !== null) kib = Number(hwm[1]);
  } catch {
    // not Linux: maxRSS it is
  }
  return Math.round((kib / 1024) * 10) / 10;
}

/** Wall time of one call of `fn`, in seconds. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

let gc: (() => void) | undefined;

/** Runs a full garbage collection (no `--expose-gc` needed). */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

/**
 * Evicts these files (a folder: the files in it) from the page cache, so the next read comes from the
 * disk: fsync, then `posix_fadvise(DONTNEED)` through `dd iflag=nocache` (no root needed, other files
 * keep their cache). Returns false when it could not (no `dd`).
 */
export function dropPageCache(paths: readonly string[]): boolean {
  const files = paths.flatMap((path) =>
    statSync(path).isDirectory() ? readdirSync(path).map((name) => join(path, name)) : [path],
  );
  try {
    for (const file of files) {
      const fd = openSync(file, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      execFileSync("dd", [`if=${file}`, "iflag=nocache", "count=0", "status=none"], { stdio: "ignore" });
    }
    return true;
  } catch {
    return false;
  }
}

/** Runs `node <script> ...args` and returns the {@link Sample} it printed last (see {@link emitSample}). */
export function runChild(script: string, args: readonly string[]): Sample {
  const out = execFileSync(process.execPath, [script, ...args], { encoding: "utf8" });
  const lines = out.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as Sample;
}

/** In a child started by {@link runChild}: prints its sample (peak RSS of this process added). */
export function emitSample(sample: Sample): void {
  process.stdout.write(`${JSON.stringify({ peakRssMb: peakRssMb(), ...sample })}\n`);
}

/** Builds a result from one timing, judging it against its target. */
export function resultOf(
  scenario: string,
  n: number,
  seconds: number,
  options: ResultOptions = {},
): BenchResult {
  const result: BenchResult = {
    scenario,
    n,
    seconds: round(seconds, 6),
    peakRssMb: options.peakRssMb ?? peakRssMb(),
  };
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
  if (options.note !== undefined) result.note = options.note;
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
  return measureReported(
    scenario,
    n,
    async (state: S) => ({ seconds: await timeIt(() => run(state)) }),
    options,
  );
}

/**
 * Like {@link measure}, but each run reports its own time (e.g. a child process timing only its work, see
 * {@link runChild}): the median sample gives the time and note; the peak RSS is the largest reported.
 */
export async function measureReported<S>(
  scenario: string,
  n: number,
  run: (state: S) => Sample | Promise<Sample>,
  options: MeasureOptions & { setup?: () => S | Promise<S> } = {},
): Promise<BenchResult> {
  const { runs = 5, warmup = 1, setup } = options;
  const samples: Sample[] = [];
  for (let i = -warmup; i < runs; i++) {
    const state = (await setup?.()) as S;
    if (options.gc) collectGarbage();
    const sample = await run(state);
    if (i >= 0) samples.push(sample);
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const middle = samples[Math.floor(samples.length / 2)] ?? { seconds: Number.NaN };
  const peaks = samples.flatMap((sample) => (sample.peakRssMb === undefined ? [] : [sample.peakRssMb]));
  return resultOf(scenario, n, middle.seconds, {
    ...options,
    note: [options.note, middle.note].filter((text) => text !== undefined).join("; ") || undefined,
    peakRssMb: options.peakRssMb ?? (peaks.length > 0 ? Math.max(...peaks) : undefined),
  });
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
  process.stdout.write(`\n${table(results)}`);
}

/** The results as a fixed-width text table (one line per result, a trailing newline). */
export function table(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.scenario,
    String(r.n),
    r.seconds.toFixed(4),
    r.perItemUs === undefined ? "" : r.perItemUs.toFixed(3),
    r.mbPerS === undefined ? "" : r.mbPerS.toFixed(0),
    r.peakRssMb.toFixed(0),
    r.target === undefined ? "" : `${r.target} ${r.ok ? "ok" : "MISSED"}`,
    r.note ?? "",
  ]);
  const header = ["scenario", "n", "seconds", "us/item", "MB/s", "peak RSS MB", "target", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("-|-");
  return `${[line(header), rule, ...rows.map(line)].join("\n")}\n`;
}

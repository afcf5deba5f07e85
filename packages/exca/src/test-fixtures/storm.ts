// Kill storms, shared by the kill-storm test and the soak script: drivers mapping overlapping items and
// calling overlapping tasks (inline or in "process" workers) are SIGKILLed at random, then everything
// is checked: every result acknowledged to a driver still reads back exactly, cached values are exact,
// drivers that finished saw only exact values, and the next call computes exactly what is missing, and
// finishes.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { CacheDict } from "../index.js";
import {
  isWorker,
  lineCounts,
  processesWith,
  runCli,
  runDriver,
  sleep,
  startDriver,
  within,
} from "./harness.js";
import { itemValue, ReliableMap, ReliableTask, taskValue } from "./reliable.js";
import type { DriverReport } from "./reliable-driver.js";

/** What a storm does. */
export interface StormOptions {
  folder: string;
  /** Items first..first+items-1 are mapped, in overlapping windows of 150. */
  items: number;
  /** Tasks first..first+tasks-1 are called, 8 at random per driver. */
  tasks: number;
  /** The first item and task (a soak moves it at each round, so that every round computes). @default 0 */
  first?: number;
  /** SIGKILLs to send. */
  kills: number;
  /** Give up (with fewer kills) after this long. */
  budgetMs: number;
}

/** What a storm did, and what the call after it found. */
export interface StormFigures {
  driverKills: number;
  /** Of `driverKills`: drivers of maps (the others call tasks). */
  mapDriverKills: number;
  workerKills: number;
  drivers: number;
  /** Drivers that ended on their own, with a report (all checked). */
  finished: number;
  /** Results acknowledged to drivers during the storm (all read back exactly after it). */
  acknowledged: number;
  stormMs: number;
  cachedItems: number;
  cachedTasks: number;
  recomputedItems: number;
  recomputedTasks: number;
  tornTails: number;
  finalCallMs: number;
}

const WINDOW = 150;
const MISSING = Symbol("missing");
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const range = (from: number, length: number): number[] => Array.from({ length }, (_, i) => from + i);

function randomDriver(
  options: StormOptions,
  kind: "map" | "task",
  env: Record<string, string>,
  ledger: string,
): ChildProcess {
  const { folder, first = 0 } = options;
  const cluster = pick([null, "process"] as const);
  if (kind === "map") {
    const from = first + Math.floor(Math.random() * Math.max(1, options.items - WINDOW));
    const items = range(from, Math.min(WINDOW, options.items));
    return startDriver({ folder, items, cluster, delayMs: pick([1, 2, 3]), ledger }, env);
  }
  const tasks = [...new Set(range(0, 8).map(() => first + Math.floor(Math.random() * options.tasks)))];
  const delayMs = pick([30, 80, 150]);
  return startDriver({ folder, tasks, cluster, delayMs, parallel: 2, ledger }, env);
}

/** What a storm driver ended with: its report when it exited on its own, null when it was killed. */
function reportOf(child: ChildProcess): Promise<DriverReport | null> {
  let stdout = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.resume(); // drained: a full pipe would block the driver
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      resolve(code === 0 && last.startsWith("{") ? (JSON.parse(last) as DriverReport) : null);
    });
  });
}

type StormKills = Pick<
  StormFigures,
  "driverKills" | "mapDriverKills" | "workerKills" | "drivers" | "finished"
>;

/**
 * Keeps two map and two task drivers running, and SIGKILLs one of them or of their workers every ~75 ms;
 * a fifth, witness map driver is never killed (its workers are).
 * Drivers append what they acknowledge to `ledger`; the reports of those that finish are checked here:
 * exact values only, and no error but a killed worker's.
 */
async function storm(options: StormOptions, ledger: string): Promise<StormKills> {
  const token = randomBytes(6).toString("hex");
  const marker = `EXCA_STORM=${token}`;
  const running = new Set<ChildProcess>();
  const kinds = new Map<number, "map" | "task">();
  // Witnesses: map drivers never killed themselves (their workers are), so that fresh map results are
  // acknowledged during the storm, not only results another driver had already stored.
  const witnesses = new Set<number>();
  const reports: Promise<DriverReport | null>[] = [];
  const figures = { driverKills: 0, mapDriverKills: 0, workerKills: 0, drivers: 0, finished: 0 };
  const started = Date.now();
  const done = (): boolean =>
    figures.driverKills + figures.workerKills >= options.kills || Date.now() - started > options.budgetMs;
  const keepRunning = (kind: "map" | "task", witness = false): void => {
    const child = randomDriver(options, kind, { EXCA_STORM: token }, ledger);
    figures.drivers++;
    if (child.pid !== undefined) kinds.set(child.pid, kind);
    if (child.pid !== undefined && witness) witnesses.add(child.pid);
    running.add(child);
    reports.push(reportOf(child));
    child.once("exit", () => {
      running.delete(child);
      if (!done()) keepRunning(kind, witness);
    });
  };
  for (const kind of ["map", "map", "task", "task"] as const) keepRunning(kind);
  keepRunning("map", true);
  while (!done()) {
    await sleep(30 + Math.random() * 90);
    const pids = processesWith(marker).filter((pid) => !witnesses.has(pid));
    const workers = pids.filter(isWorker);
    // Most kills hit workers when there are some: they write most of the results.
    const victim =
      workers.length > 0 && Math.random() < 0.7 ? pick(workers) : pids.length > 0 ? pick(pids) : 0;
    if (victim === 0) continue;
    try {
      process.kill(victim, "SIGKILL");
      if (workers.includes(victim)) figures.workerKills++;
      else {
        figures.driverKills++;
        if (kinds.get(victim) === "map") figures.mapDriverKills++;
      }
    } catch {
      // it had just exited
    }
  }
  // Stop everything still running, orphaned workers included.
  for (let pids = processesWith(marker); pids.length > 0; pids = processesWith(marker)) {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch (error) {
        // listed, then exited on its own before the kill (a worker that had stored its result)
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    }
    await sleep(20);
  }
  await Promise.all([...running].map((child) => new Promise((resolve) => child.once("exit", resolve))));
  for (const report of await Promise.all(reports)) {
    if (report === null) continue;
    figures.finished++;
    assert.deepEqual(report.wrong, [], "a driver that finished saw a wrong value");
    // A task whose worker was killed fails (for its caller, and for callers following the same job).
    for (const error of report.errors) assert.match(error, KILLED_JOB, "a driver that finished saw an error");
  }
  return figures;
}

/** How a task whose worker process was SIGKILLed (or whose claimer died) fails. */
const KILLED_JOB = /killed by SIGKILL|is gone/;

/** The keys of the results acknowledged to drivers (`item-<n>`, `task-<n>`), from the ledger. */
function readLedger(ledger: string): { items: Set<string>; tasks: Set<number> } {
  let text = "";
  try {
    text = readFileSync(ledger, "utf8");
  } catch {
    // nothing acknowledged
  }
  const items = new Set<string>();
  const tasks = new Set<number>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const match = /^(item-\d+)$|^task-(\d+)$/.exec(line);
    assert.ok(match !== null, `malformed ledger line ${JSON.stringify(line)} in ${ledger}`);
    if (match[1] !== undefined) items.add(match[1]);
    else tasks.add(Number(match[2]));
  }
  return { items, tasks };
}

/** Checks every value a store holds against `expected`; returns the keys that read back. */
async function checkStore(folder: string, expected: (key: string) => unknown): Promise<Set<string>> {
  const store = new CacheDict({ folder });
  const keys = store.keys();
  const values = await store.getMany(keys, MISSING);
  const readable = new Set<string>();
  keys.forEach((key, i) => {
    if (values[i] === MISSING) return;
    assert.ok(isDeepStrictEqual(values[i], expected(key)), `wrong cached value for ${key} in ${folder}`);
    readable.add(key);
  });
  return readable;
}

/**
 * Runs a storm on `options.folder`, then checks it: every result acknowledged to a driver (kept in
 * `<countFile>.ledger`) reads back exactly, every cached value is exact, `exca verify` is clean, and one
 * call (tasks in `retry` mode: a killed job is a failure) computes exactly what is missing, within 45 s.
 * `countFile` receives what that call computes. Throws an AssertionError on any problem.
 */
export async function stormAndCheck(options: StormOptions, countFile: string): Promise<StormFigures> {
  const started = Date.now();
  const ledger = `${countFile}.ledger`;
  const kills = await storm(options, ledger);
  const stormMs = Date.now() - started;
  const { folder, first = 0 } = options;
  const items = range(first, options.items);
  const tasks = range(first, options.tasks);
  const mapFolder = new ReliableMap({ infra: { folder } }).infra.uidFolder();
  const cachedItems = await checkStore(mapFolder, (key) => itemValue(Number(key.slice(5)), 7));
  const cachedTasks = new Set<number>();
  for (const n of tasks) {
    const taskFolder = new ReliableTask({ n, infra: { folder } }).infra.uidFolder();
    if ((await checkStore(join(taskFolder, "result"), () => taskValue(n, 7))).has("value"))
      cachedTasks.add(n);
  }
  const acknowledged = readLedger(ledger);
  const lostItems = [...acknowledged.items].filter((key) => !cachedItems.has(key));
  const lostTasks = [...acknowledged.tasks].filter((n) => !cachedTasks.has(n));
  assert.deepEqual(lostItems, [], "map results acknowledged to a driver were lost");
  assert.deepEqual(lostTasks, [], "task results acknowledged to a driver were lost");
  const verify = await runCli("verify", folder, "--json");
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const tornTails = (JSON.parse(verify.stdout) as { tornTails: string[] }).tornTails.length;

  const callStarted = Date.now();
  const report = await within(
    runDriver({ folder, items, tasks, mode: "retry", countFile }),
    45_000,
    "the call after the storm",
  );
  const finalCallMs = Date.now() - callStarted;
  assert.deepEqual(report.wrong, []);
  assert.deepEqual(report.errors, []);
  assert.equal(report.mapped + report.tasks, items.length + tasks.length);
  const missingItems = items.filter((i) => !cachedItems.has(`item-${i}`));
  const missingTasks = tasks.filter((n) => !cachedTasks.has(n));
  const computed = lineCounts(countFile);
  const expected = [...missingItems.map(String), ...missingTasks.map((n) => `task-${n}`)];
  assert.deepEqual([...computed.keys()].sort(), expected.sort(), "what is recomputed is what was missing");
  for (const [line, times] of computed) assert.equal(times, 1, `${line} computed ${times} times`);
  return {
    ...kills,
    acknowledged: acknowledged.items.size + acknowledged.tasks.size,
    stormMs,
    cachedItems: items.length - missingItems.length,
    cachedTasks: cachedTasks.size,
    recomputedItems: missingItems.length,
    recomputedTasks: missingTasks.length,
    tornTails,
    finalCallMs,
  };
}

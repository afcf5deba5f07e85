// Kill storms, shared by the kill-storm test and the soak script: drivers mapping overlapping items and
// calling overlapping tasks (inline or in "process" workers) are SIGKILLed at random, then everything
// is checked: cached values exact, the next call computes exactly what is missing, and finishes.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
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
  workerKills: number;
  drivers: number;
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
): ChildProcess {
  const { folder, first = 0 } = options;
  if (kind === "map") {
    const from = first + Math.floor(Math.random() * Math.max(1, options.items - WINDOW));
    const items = range(from, Math.min(WINDOW, options.items));
    return startDriver({ folder, items, cluster: pick([null, "process"]), delayMs: pick([1, 2, 3]) }, env);
  }
  const tasks = [...new Set(range(0, 8).map(() => first + Math.floor(Math.random() * options.tasks)))];
  const delayMs = pick([30, 80, 150]);
  return startDriver({ folder, tasks, cluster: pick([null, "process"]), delayMs, parallel: 2 }, env);
}

/** Keeps two map and two task drivers running, and SIGKILLs one of them or of their workers every ~75 ms. */
async function storm(
  options: StormOptions,
): Promise<Pick<StormFigures, "driverKills" | "workerKills" | "drivers">> {
  const token = randomBytes(6).toString("hex");
  const marker = `EXCA_STORM=${token}`;
  const running = new Set<ChildProcess>();
  const figures = { driverKills: 0, workerKills: 0, drivers: 0 };
  const started = Date.now();
  const done = (): boolean =>
    figures.driverKills + figures.workerKills >= options.kills || Date.now() - started > options.budgetMs;
  const keepRunning = (kind: "map" | "task"): void => {
    const child = randomDriver(options, kind, { EXCA_STORM: token });
    figures.drivers++;
    running.add(child);
    child.once("exit", () => {
      running.delete(child);
      if (!done()) keepRunning(kind);
    });
  };
  for (const kind of ["map", "map", "task", "task"] as const) keepRunning(kind);
  while (!done()) {
    await sleep(30 + Math.random() * 90);
    const pids = processesWith(marker);
    const workers = pids.filter(isWorker);
    // Most kills hit workers when there are some: they write most of the results.
    const victim =
      workers.length > 0 && Math.random() < 0.7 ? pick(workers) : pids.length > 0 ? pick(pids) : 0;
    if (victim === 0) continue;
    try {
      process.kill(victim, "SIGKILL");
      if (workers.includes(victim)) figures.workerKills++;
      else figures.driverKills++;
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
  return figures;
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
 * Runs a storm on `options.folder`, then checks it: every cached value exact, `exca verify` clean, and one
 * call (tasks in `retry` mode: a killed job is a failure) computes exactly what is missing, within 45 s.
 * `countFile` receives what that call computes. Throws an AssertionError on any problem.
 */
export async function stormAndCheck(options: StormOptions, countFile: string): Promise<StormFigures> {
  const started = Date.now();
  const kills = await storm(options);
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
    stormMs,
    cachedItems: items.length - missingItems.length,
    cachedTasks: cachedTasks.size,
    recomputedItems: missingItems.length,
    recomputedTasks: missingTasks.length,
    tornTails,
    finalCallMs,
  };
}

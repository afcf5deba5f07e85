// A driver process for the reliability suite: `node reliable-driver.js <json args>` maps `items` and calls
// the tasks `tasks` on one folder, checks every result against its expected value, and prints one JSON
// line: { mapped, tasks, wrong, errors }. With `ledger`, it appends the key of every result acknowledged to
// it (the call resolved) to that file, fsync'd, before going on: whatever kills it next, these must stay.
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { ClusterName } from "@exca/executors";
import { itemValue, ReliableMap, ReliableTask, taskValue } from "./reliable.js";

/** Arguments of the driver. */
export interface DriverArgs {
  folder: string;
  items?: number[];
  tasks?: number[];
  cluster?: ClusterName | null;
  /** Cluster of the tasks, when it differs from `cluster`. */
  taskCluster?: ClusterName | null;
  mode?: "cached" | "retry" | "force" | "readOnly";
  salt?: number;
  delayMs?: number;
  countFile?: string;
  maxJobs?: number;
  /** Tasks called at once. @default 4 */
  parallel?: number;
  /** The infra's `permissions`. */
  permissions?: number;
  /** A file to append the keys of acknowledged results to (`item-<n>`, `task-<n>`), one per line. */
  ledger?: string;
}

/** What the driver prints. */
export interface DriverReport {
  mapped: number;
  tasks: number;
  wrong: string[];
  errors: string[];
}

const args = JSON.parse(process.argv[2] ?? "{}") as DriverArgs;
const salt = args.salt ?? 7;
const report: DriverReport = { mapped: 0, tasks: 0, wrong: [], errors: [] };
const common = { salt, countFile: args.countFile ?? "", delayMs: args.delayMs ?? 0 };

/** Appends acknowledged keys to the ledger in one write, and syncs it to disk before going on. */
function acknowledge(keys: readonly string[]): void {
  if (args.ledger === undefined || keys.length === 0) return;
  const fd = openSync(args.ledger, "a");
  try {
    writeSync(fd, keys.map((key) => `${key}\n`).join(""));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function mapItems(items: number[]): Promise<void> {
  const mapper = new ReliableMap({
    ...common,
    infra: {
      folder: args.folder,
      cluster: args.cluster ?? null,
      maxJobs: args.maxJobs ?? 4,
      mode: args.mode === "readOnly" ? "readOnly" : "cached",
      permissions: args.permissions,
    },
  });
  const results = (await mapper.process(items)) as unknown as unknown[];
  acknowledge(items.map((item) => `item-${item}`));
  items.forEach((item, i) => {
    if (!isDeepStrictEqual(results[i], itemValue(item, salt))) report.wrong.push(`item ${item}`);
  });
  report.mapped += items.length;
}

async function callTask(n: number): Promise<void> {
  const task = new ReliableTask({
    ...common,
    n,
    infra: {
      folder: args.folder,
      cluster: args.taskCluster ?? args.cluster ?? null,
      mode: args.mode,
      permissions: args.permissions,
    },
  });
  try {
    const value = await task.process();
    acknowledge([`task-${n}`]);
    if (!isDeepStrictEqual(value, taskValue(n, salt))) report.wrong.push(`task ${n}`);
    report.tasks++;
  } catch (error) {
    report.errors.push(`task ${n}: ${(error as Error).message.split("\n")[0]}`);
  }
}

const work: Promise<void>[] = [];
if (args.items !== undefined)
  work.push(mapItems(args.items).catch((error: Error) => void report.errors.push(`map: ${error.message}`)));
const tasks = [...(args.tasks ?? [])];
const parallel = args.parallel ?? 4;
work.push(
  ...Array.from({ length: Math.min(parallel, tasks.length) }, async () => {
    for (let n = tasks.shift(); n !== undefined; n = tasks.shift()) await callTask(n);
  }),
);
await Promise.all(work);
process.stdout.write(`${JSON.stringify(report)}\n`);

// Benchmarks of jobs in child processes, through the umbrella package as users call them (`pnpm bench`
// at the root): one job end to end, 20 jobs on the machine's cores, and a CPU-bound map on a process pool.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchResult, measure, report } from "@exca/bench";
import { BusyMap, EchoTask } from "./test-fixtures/bench-jobs.js";

const root = mkdtempSync(join(tmpdir(), "exca-jobs-bench-"));
const cores = availableParallelism();
let job = 0;
const echo = (): Promise<unknown> =>
  new EchoTask({ value: job++, infra: { folder: join(root, "tasks"), cluster: "process" } }).process();
const results: BenchResult[] = [];
results.push(
  await measure("exca: one child-process job end to end", 1, echo, {
    target: { perItemUsAtMost: 150_000 },
  }),
  await measure(
    `exca: 20 child-process jobs on ${cores} cores (per job)`,
    20,
    () => Promise.all(Array.from({ length: 20 }, echo)),
    { runs: 3 },
  ),
);
let round = 0;
const fresh = (): string => join(root, `map${round++}`);
const BUSY = 200;
const items = Array.from({ length: BUSY }, (_, i) => i);
const inline = await measure(
  "exca: CPU-bound map 200 x 5 ms, inline",
  BUSY,
  (folder) => new BusyMap({ infra: { folder } }).process(items),
  { setup: fresh, runs: 1 },
);
const pool = await measure(
  `exca: CPU-bound map 200 x 5 ms, process pool (${cores} cores)`,
  BUSY,
  (folder) =>
    new BusyMap({ infra: { folder, cluster: "process", maxJobs: cores, progress: false } }).process(items),
  { setup: fresh, runs: 1 },
);
const speedup = inline.seconds / pool.seconds;
pool.target = ">= 1.6x inline";
pool.ok = speedup >= 1.6;
pool.scenario += ` speedup ${speedup.toFixed(2)}x`;
results.push(inline, pool);
rmSync(root, { recursive: true, force: true });
report(results);

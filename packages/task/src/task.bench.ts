// TaskInfra benchmarks (`pnpm bench` in packages/task): cold, warm from disk in a fresh process, RAM hits.
// Jobs in child processes are measured through the umbrella package (packages/exca/src/exca.bench.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, measure, report, resultOf } from "@exca/bench";
import { TutorialTask } from "./test-fixtures/tasks.js";

const N = 200;
const tasks = (folder: string): TutorialTask[] =>
  Array.from({ length: N }, (_, param) => new TutorialTask({ param, infra: { folder } }));

async function callAll(list: TutorialTask[]): Promise<void> {
  for (const task of list) await task.process();
}

if (process.argv[2] === "warm") {
  // Child mode: time reading N cached tasks in this fresh process; print seconds.
  const list = tasks(process.argv[3]!);
  const start = process.hrtime.bigint();
  await callAll(list);
  process.stdout.write(`${Number(process.hrtime.bigint() - start) / 1e9}\n`);
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), "exca-task-bench-"));
let round = 0;
const results: BenchResult[] = [];
results.push(
  await measure("task: cold in-process, trivial method (per task)", N, (list) => callAll(list), {
    setup: () => tasks(join(root, `cold${round++}`)),
    target: { perItemUsAtMost: 600 },
  }),
);
const warmFolder = join(root, "warm");
await callAll(tasks(warmFolder));
const self = fileURLToPath(import.meta.url);
const warmRuns = [0, 1, 2, 3, 4].map((): number =>
  Number(execFileSync(process.execPath, [self, "warm", warmFolder]).toString()),
);
warmRuns.sort((a, b) => a - b);
results.push(
  resultOf("task: warm from disk, fresh process (per task)", N, warmRuns[2]!, {
    target: { perItemUsAtMost: 150 },
  }),
);
const hot = tasks(warmFolder);
await callAll(hot);
const hits = 100_000;
results.push(
  await measure(
    "task: RAM hit",
    hits,
    async () => {
      for (let i = 0; i < hits; i++) await hot[i % N]!.process();
    },
    { target: { perItemUsAtMost: 2 } },
  ),
);
rmSync(root, { recursive: true, force: true });
report(results);

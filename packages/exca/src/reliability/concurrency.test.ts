// Concurrency: 8 processes map overlapping items and 8 processes call overlapping tasks on one folder at
// once. Every item and task is computed exactly once, every result is exact, and the folder holds no more
// than one process computing everything alone would write (plus a small per-process overhead).
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { lineCounts, runDriver, tempRoot, treeBytes } from "../test-fixtures/harness.js";
import { ReliableMap, ReliableTask } from "../test-fixtures/reliable.js";

const root = tempRoot("concurrency");
after(() => root.remove());

const ITEMS = 4000;
const WINDOW = 1500;
const TASKS = 48;
const PROCESSES = 8;

const range = (from: number, length: number): number[] => Array.from({ length }, (_, i) => from + i);

describe("concurrency", { timeout: 120_000 }, () => {
  it(`${PROCESSES} map and ${PROCESSES} task processes on one folder compute everything exactly once`, async () => {
    const folder = join(root.path, "shared");
    const countFile = join(root.path, "count.txt");
    const step = Math.floor((ITEMS - WINDOW) / (PROCESSES - 1));
    const started = Date.now();
    const reports = await Promise.all([
      ...range(0, PROCESSES).map((k) =>
        runDriver({
          folder,
          countFile,
          items: range(k * step, WINDOW),
          cluster: k % 4 === 3 ? "process" : null,
          maxJobs: 2,
        }),
      ),
      ...range(0, PROCESSES).map((k) =>
        runDriver({
          folder,
          countFile,
          tasks: range(0, 16).map((i) => (k * 5 + i) % TASKS),
          taskCluster: k % 4 === 3 ? "process" : null,
          delayMs: 20,
          parallel: 4,
        }),
      ),
    ]);
    const elapsed = Date.now() - started;
    for (const report of reports) {
      assert.deepEqual(report.wrong, []);
      assert.deepEqual(report.errors, []);
    }
    assert.equal(
      reports.reduce((sum, r) => sum + r.mapped + r.tasks, 0),
      PROCESSES * (WINDOW + 16),
    );
    const counts = lineCounts(countFile);
    const expected = [
      ...range(0, (PROCESSES - 1) * step + WINDOW).map(String),
      ...range(0, TASKS).map((n) => `task-${n}`),
    ];
    assert.deepEqual([...counts.keys()].sort(), expected.sort(), "every item and task computed");
    const twice = [...counts].filter(([, times]) => times !== 1);
    assert.deepEqual(twice, [], "nothing computed twice");

    // Disk: no more than one process computing everything alone writes, plus a bounded overhead.
    const alone = join(root.path, "alone");
    await runDriver({ folder: alone, items: range(0, (PROCESSES - 1) * step + WINDOW) });
    const reference = treeBytes(new ReliableMap({ infra: { folder: alone } }).infra.uidFolder());
    const shared = treeBytes(new ReliableMap({ infra: { folder } }).infra.uidFolder());
    assert.ok(
      shared <= reference * 1.05 + PROCESSES * 64 * 1024,
      `map folder ${shared} B vs ${reference} B alone`,
    );
    for (let n = 0; n < TASKS; n++) {
      const result = join(new ReliableTask({ n, infra: { folder } }).infra.uidFolder(), "result");
      const shards = readdirSync(result).filter((name) => name.endsWith(".index"));
      assert.equal(shards.length, 1, `task ${n}: one result written`);
    }
    process.stdout.write(
      `# concurrency: ${2 * PROCESSES} processes, ${counts.size} items and tasks computed once in ${elapsed} ms; ` +
        `map folder ${shared} B (alone: ${reference} B)\n`,
    );
  });
});

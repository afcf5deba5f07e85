// Overwrites under concurrency and kills: `force` and `retry` store a changed value while other processes
// read it again and again; a first writer is SIGKILLed mid-computation, a second one finishes. Every read
// is exactly the old or the new value (or finds nothing while the value is being replaced), never another,
// and no read that starts after the writer finished sees the old value.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { sleep, tempRoot } from "../test-fixtures/harness.js";
import type { OverwriteArgs, OverwriteRead } from "../test-fixtures/overwrite-driver.js";

const DRIVER = fileURLToPath(new URL("../test-fixtures/overwrite-driver.js", import.meta.url));
const root = tempRoot("overwrite");
after(() => root.remove());

/** Drivers still running: a test that fails midway must not leave readers that keep this file alive. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
});

/** A driver process, and the JSON line it prints last (rejects when it ends without one). */
function start<T>(args: OverwriteArgs): { child: ChildProcess; result: Promise<T> } {
  const child = spawn(process.execPath, [DRIVER, JSON.stringify(args)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const result = new Promise<T>((resolve, reject) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as T);
      else reject(new Error(`overwrite ${args.role} ended with ${code ?? signal}:\n${stderr.slice(-2000)}`));
    });
  });
  result.catch(() => undefined); // awaited by the test, unless it failed before
  return { child, result };
}

interface Overwrite {
  kind: "task" | "map";
  mode: "force" | "retry";
  /** The edition stored first (negative: a stored failure). */
  old: number;
  /** The edition the overwrite stores. */
  edition: number;
  /** How long the writers compute (per item for maps). */
  delayMs: number;
}

/**
 * Stores edition `old`, starts two readers, then a writer in `mode` that is SIGKILLed mid-computation, then
 * one that finishes; returns every read and when the last writer's call resolved.
 */
async function overwriteWhileReading(
  name: string,
  overwrite: Overwrite,
): Promise<{ reads: OverwriteRead[]; done: number }> {
  const folder = join(root.path, name);
  const base = { kind: overwrite.kind, folder, n: 3, items: Array.from({ length: 40 }, (_, i) => i) };
  await start({ ...base, role: "write", mode: "cached", edition: overwrite.old }).result;
  const stopFile = join(root.path, `${name}.stop`);
  const readers = [0, 1].map(() => start<{ reads: OverwriteRead[] }>({ ...base, role: "read", stopFile }));
  await sleep(300);
  const write = { ...base, role: "write", mode: overwrite.mode, edition: overwrite.edition } as const;
  const killed = start({ ...write, delayMs: overwrite.delayMs * 4 });
  await sleep(overwrite.kind === "map" ? 40 * overwrite.delayMs : 2 * overwrite.delayMs);
  killed.child.kill("SIGKILL");
  await assert.rejects(killed.result, /ended with SIGKILL/, "the first writer was killed mid-computation");
  const { done } = await start<{ done: number }>({ ...write, delayMs: overwrite.delayMs }).result;
  await sleep(500);
  writeFileSync(stopFile, "");
  const reads = (await Promise.all(readers.map((reader) => reader.result))).flatMap((r) => r.reads);
  return { reads, done };
}

/** Every read saw only `allowed`, some saw `old`, and every read started after `done` saw only `fresh`. */
function checkReads(
  { reads, done }: { reads: OverwriteRead[]; done: number },
  allowed: string[],
  old: string,
  fresh: string,
): void {
  const seen = new Set(reads.flatMap((read) => read.seen));
  assert.deepEqual(
    [...seen].filter((value) => !allowed.includes(value)),
    [],
    "a read saw a value that is neither the old nor the new one",
  );
  assert.ok(seen.has(old), "no read saw the old value: the readers started too late to test anything");
  const late = reads.filter((read) => read.at > done);
  assert.ok(late.length >= 2, `only ${late.length} reads after the writer finished`);
  const stale = late.filter((read) => read.seen.some((value) => value !== fresh));
  assert.deepEqual(stale, [], "a read that started after the writer finished did not see the new value");
}

/** One scenario: the overwrite, and what readers see first (`old`) and last (`fresh`); also "missing" between. */
interface Scenario {
  title: string;
  name: string;
  args: Overwrite;
  old: string;
  fresh: string;
}

const SCENARIOS: Scenario[] = [
  {
    title: "force replaces a task's value: readers see the old or the new value, then the new one",
    name: "task-force",
    args: { kind: "task", mode: "force", old: 1, edition: 2, delayMs: 300 },
    old: "v1",
    fresh: "v2",
  },
  {
    title: "retry replaces a task's stored failure: readers see the failure or the new value, then the value",
    name: "task-retry",
    args: { kind: "task", mode: "retry", old: -1, edition: 2, delayMs: 300 },
    old: "e-1",
    fresh: "v2",
  },
  {
    title: "force replaces map items: each read item is the old or the new value, then the new one",
    name: "map-force",
    args: { kind: "map", mode: "force", old: 1, edition: 2, delayMs: 10 },
    old: "v1",
    fresh: "v2",
  },
];

describe("overwrites under concurrency and kills", { timeout: 90_000 }, () => {
  for (const { title, name, args, old, fresh } of SCENARIOS) {
    it(title, async () => {
      checkReads(await overwriteWhileReading(name, args), [old, fresh, "missing"], old, fresh);
    });
  }
});

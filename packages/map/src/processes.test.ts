import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isProcessAlive, processStartTime } from "@exca/executors";
import { CacheDict } from "@exca/storage";
import { numbersOf, sleep, startNode, tempFolders, until } from "@exca/test-utils";
import { CountingMap, PidMap } from "./test-fixtures/maps.js";

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL("./test-fixtures/map-driver.js", import.meta.url));

const temp = tempFolders("map-proc");

/** A CountingMap in the folder `name` (counting into `<name>-count.txt`), with its in-flight claims folder made. */
async function countingWithInflight(
  name: string,
): Promise<{ mapper: CountingMap; countFile: string; inflight: string }> {
  const countFile = join(temp.root, `${name}-count.txt`);
  const mapper = new CountingMap({ countFile, infra: { folder: join(temp.root, name), progress: false } });
  const inflight = join(mapper.infra.uidFolder(), "inflight");
  await mkdir(inflight, { recursive: true });
  return { mapper, countFile, inflight };
}

/** The items of the dying driver. */
const FOUR = [0, 1, 2, 3];

/**
 * Runs the driver mapping items 0-3 (one job each, 2 workers at once) on the dying executor, which SIGKILLs
 * it around its submission (see test-fixtures/dying-executor.ts); resolves once it is dead.
 */
async function dyingDriver(
  name: string,
  die: "beforeSubmit" | "afterSubmit",
  gate?: string,
): Promise<{ folder: string; countFile: string }> {
  const folder = join(temp.root, name);
  const countFile = join(temp.root, `${name}-count.txt`);
  const args = { folder, countFile, from: 0, to: FOUR.length, delayMs: 1000, die, gate };
  const child = startNode(DRIVER, [JSON.stringify(args)]);
  const [, signal] = (await new Promise((resolve) => child.once("exit", (...end) => resolve(end)))) as [
    number | null,
    NodeJS.Signals | null,
  ];
  assert.equal(signal, "SIGKILL", "the driver killed itself at its submission");
  return { folder, countFile };
}

/** Waits until the workers started in `uidFolder` (their pid files in its logs) have all exited. */
async function workersGone(uidFolder: string): Promise<number> {
  const logs = join(uidFolder, "logs");
  const names = (await readdir(logs).catch(() => [] as string[])).filter((name) => name.endsWith(".pid"));
  const workers = await Promise.all(
    names.map(
      async (name) =>
        JSON.parse(await readFile(join(logs, name), "utf8")) as { pid: number; pidStart: string },
    ),
  );
  await until(() => workers.every((worker) => !isProcessAlive(worker.pid, worker.pidStart)), 30_000);
  return workers.length;
}

/** Maps the dying driver's items in this process (taking over what is left), checks them; returns the uid folder. */
async function mapFourHere(folder: string, countFile: string): Promise<string> {
  const mapper = new CountingMap({ countFile, infra: { folder, progress: false } });
  const results = (await mapper.process(FOUR)) as unknown as { value: number }[];
  assert.deepEqual(
    results.map((r) => r.value),
    FOUR.map((i) => i * 2),
  );
  return mapper.infra.uidFolder();
}

/** Asserts that the count file names each of the dying driver's items once: `by` says who computed them. */
async function assertEachOnce(countFile: string, by: string): Promise<void> {
  const counts = (await numbersOf(countFile)).sort((a, b) => a - b);
  assert.deepEqual(counts, FOUR, `each item computed once: ${by}`);
}

describe("MapInfra across processes", { timeout: 120_000 }, () => {
  it("sends a single missing item to the cluster, not to the calling process (issue 12.6)", async () => {
    const folder = join(temp.root, "single");
    const [pid] = await new PidMap({ infra: { folder, cluster: "process" } }).process([1]);
    assert.equal(typeof pid, "number");
    assert.notEqual(pid, process.pid, "computed by a worker of the process cluster");
    // In-process clusters still compute it inline.
    const [here] = await new PidMap({
      infra: { folder: join(temp.root, "single-local"), cluster: "local" },
    }).process([1]);
    assert.equal(here, process.pid);
  });

  it("computes each item exactly once when 4 processes map overlapping items (20,000 in all)", async () => {
    const folder = join(temp.root, "overlap");
    const countFile = join(temp.root, "overlap-count.txt");
    const ranges = [
      [0, 8000],
      [4000, 12000],
      [8000, 16000],
      [12000, 20000],
    ];
    const outputs = await Promise.all(
      ranges.map(([from, to]) =>
        run(process.execPath, [DRIVER, JSON.stringify({ folder, countFile, from, to })]),
      ),
    );
    for (const { stdout } of outputs) assert.deepEqual(JSON.parse(stdout), { count: 8000, wrong: 0 });
    const counts = await numbersOf(countFile);
    assert.equal(counts.length, 20_000, "every item computed once, none twice");
    assert.equal(new Set(counts).size, 20_000);
  });

  it("resumes a map killed halfway: only the rest is computed", async () => {
    const folder = join(temp.root, "killed");
    const countFile = join(temp.root, "killed-count.txt");
    const child = startNode(DRIVER, [JSON.stringify({ folder, countFile, from: 0, to: 200, delayMs: 5 })]);
    // Let it compute part of the items (results are flushed as they come), then kill it.
    const uidFolder = new CountingMap({ infra: { folder } }).infra.uidFolder();
    const seen = new CacheDict({ folder: uidFolder, refreshIntervalMs: 0 });
    for (let i = 0; i < 400 && seen.size < 20; i++) await sleep(25);
    assert.ok(seen.size >= 20 && seen.size < 200, `${seen.size} results before the kill`);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const mapper = new CountingMap({
      countFile: join(temp.root, "resumed-count.txt"),
      infra: { folder, progress: false },
    });
    const items = Array.from({ length: 200 }, (_, i) => i);
    const results = (await mapper.process(items)) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((r) => r.value),
      items.map((i) => i * 2),
    );
    const resumed = await numbersOf(join(temp.root, "resumed-count.txt"));
    assert.ok(resumed.length > 0 && resumed.length < 200, `recomputed ${resumed.length} of 200`);
  });

  it("takes over the items of a process that died while holding their claim", async () => {
    const folder = join(temp.root, "takeover");
    const countFile = join(temp.root, "takeover-count.txt");
    const child = startNode(DRIVER, [JSON.stringify({ folder, countFile, from: 0, to: 100, delayMs: 20 })]);
    const inflight = join(new CountingMap({ infra: { folder } }).infra.uidFolder(), "inflight");
    for (let i = 0; i < 400; i++) {
      const names = await readdir(inflight).catch(() => [] as string[]);
      if (names.some((name) => name.endsWith(".claim"))) break;
      await sleep(25);
    }
    const waiting = new CountingMap({
      countFile: join(temp.root, "takeover-mine.txt"),
      infra: { folder, progress: false },
    });
    const call = waiting.process(Array.from({ length: 100 }, (_, i) => i)) as unknown as Promise<
      { value: number }[]
    >;
    await sleep(300);
    child.kill("SIGKILL");
    const results = await call;
    assert.deepEqual(
      results.map((r) => r.value),
      Array.from({ length: 100 }, (_, i) => i * 2),
    );
    const mine = await numbersOf(join(temp.root, "takeover-mine.txt"));
    assert.ok(mine.length > 0 && mine.length < 100, `took over ${mine.length} items`);
  });

  it("takes over a claim whose pid is alive but started at another time (a reused pid)", {
    timeout: 20_000,
  }, async () => {
    const { mapper, countFile, inflight } = await countingWithInflight("reused-pid");
    // This test process is alive, but the claim's start time is not its own: the claimer is gone.
    const owner = { pid: process.pid, pidStart: "1", host: hostname().split(".")[0] };
    const keys = Array.from({ length: 10 }, (_, i) => `item-${i}`);
    await writeFile(
      join(inflight, `${owner.host}-${owner.pid}-reusedpi.claim`),
      JSON.stringify({ owner, keys, records: [] }),
    );
    const results = (await mapper.process(Array.from({ length: 10 }, (_, i) => i))) as unknown as {
      value: number;
    }[];
    assert.deepEqual(
      results.map((r) => r.value),
      Array.from({ length: 10 }, (_, i) => i * 2),
    );
    assert.deepEqual(
      (await numbersOf(countFile)).sort((a, b) => a - b),
      Array.from({ length: 10 }, (_, i) => i),
    );
  });

  it("breaks a lock whose pid is alive but started at another time (a reused pid)", {
    timeout: 20_000,
  }, async () => {
    const folder = join(temp.root, "reused-pid-lock");
    const mapper = new CountingMap({ infra: { folder, progress: false } });
    const lock = join(mapper.infra.uidFolder(), "inflight", "lock");
    await mkdir(lock, { recursive: true });
    // Fresh (a lock without a live owner is otherwise broken only after 10 s): the start time decides.
    const owner = { pid: process.pid, pidStart: "1", host: hostname().split(".")[0] };
    await writeFile(join(lock, "owner"), JSON.stringify(owner));
    const started = Date.now();
    const results = (await mapper.process([1, 2])) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((r) => r.value),
      [2, 4],
    );
    assert.ok(Date.now() - started < 5000, "broken at once, not after the stale-lock delay");
  });

  it("waits for the jobs of a dead claimer, which still write its items: nothing is computed twice", {
    timeout: 30_000,
  }, async () => {
    const folder = join(temp.root, "orphan-jobs");
    const countFile = join(temp.root, "orphan-jobs-count.txt");
    const args = { folder, countFile, from: 0, to: 40, delayMs: 150, cluster: "process" };
    const child = startNode(DRIVER, [JSON.stringify(args)]);
    // Once workers compute its items (one job per item here), the driver dies; its "process" workers go on.
    for (let i = 0; i < 400 && (await numbersOf(countFile)).length < 2; i++) await sleep(25);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const items = Array.from({ length: 40 }, (_, i) => i);
    // As slow as the workers: an item taken over while a worker computes it would be computed twice.
    const mapper = new CountingMap({ countFile, delayMs: 150, infra: { folder, progress: false } });
    const results = (await mapper.process(items)) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((r) => r.value),
      items.map((i) => i * 2),
    );
    const counts = await numbersOf(countFile);
    assert.deepEqual(
      [...counts].sort((a, b) => a - b),
      items,
      "each item computed once: by the dead driver's live jobs, or taken over",
    );
  });

  it("waits for the workers a driver started before it was SIGKILLed, which its claim does not name yet", {
    timeout: 60_000,
  }, async () => {
    const { folder, countFile } = await dyingDriver("killed-before-records", "afterSubmit");
    // Its 2 workers compute items 0 and 1 (1 s each): a takeover now would compute them a second time.
    await until(async () => (await numbersOf(countFile)).length >= 2, 30_000, 25);
    const uidFolder = await mapFourHere(folder, countFile);
    assert.equal(await workersGone(uidFolder), 2, "the dead driver had started 2 workers");
    await assertEachOnce(countFile, "0 and 1 by the dead driver's workers, 2 and 3 taken over");
  });

  it("keeps the workers of a SIGKILLed driver from computing items taken over before they started", {
    timeout: 60_000,
  }, async () => {
    const gate = join(temp.root, "late-workers.gate");
    const { folder, countFile } = await dyingDriver("late-workers", "afterSubmit", gate);
    // The workers are started but wait at the gate: the claim names none of them, so it is taken over.
    const uidFolder = await mapFourHere(folder, countFile);
    await writeFile(gate, "");
    assert.equal(await workersGone(uidFolder), 2, "the dead driver had started 2 workers");
    await assertEachOnce(countFile, "here: the late workers found their claim taken over");
    const logs = join(uidFolder, "logs");
    const errs = (await readdir(logs)).filter((name) => name.endsWith(".err"));
    assert.equal(errs.length, 2, "the logs of the 2 workers");
    for (const name of errs)
      assert.match(
        await readFile(join(logs, name), "utf8"),
        /not computing its items, their claim .* was taken over/,
      );
  });

  it("takes over at once the items of a driver SIGKILLed before it started any worker", {
    timeout: 30_000,
  }, async () => {
    const { folder, countFile } = await dyingDriver("killed-before-submit", "beforeSubmit");
    const started = Date.now();
    await mapFourHere(folder, countFile);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 3000, `taken over in ${elapsed} ms (no grace period to wait out)`);
    await assertEachOnce(countFile, "here");
  });

  it("does not compute the items another process finished while this one waited to claim them", {
    timeout: 20_000,
  }, async () => {
    const { mapper, countFile, inflight } = await countingWithInflight("finished-meanwhile");
    const items = Array.from({ length: 10 }, (_, i) => i);
    // Another process (a live one) holds the claims' lock: this call found the items missing, and waits...
    const other = spawn("sleep", ["30"]);
    try {
      const host = hostname().split(".")[0];
      const owner = { pid: other.pid, pidStart: processStartTime(other.pid!) ?? "", host };
      const lock = join(inflight, "lock");
      await mkdir(lock);
      await writeFile(join(lock, "owner"), JSON.stringify(owner));
      const call = mapper.process(items) as unknown as Promise<{ value: number; tag: number }[]>;
      await sleep(300);
      // ...while the other process stores the items, then lets go of the lock.
      const store = new CacheDict({ folder: mapper.infra.uidFolder() });
      await store.write((writer) => {
        for (const i of items) writer.set(`item-${i}`, { value: i * 2, tag: -1 });
      });
      await rm(lock, { recursive: true });
      assert.deepEqual(
        await call,
        items.map((i) => ({ value: i * 2, tag: -1 })),
      );
      assert.deepEqual(await numbersOf(countFile), [], "nothing computed here");
    } finally {
      other.kill();
    }
  });

  it("shows progress as plain lines when stderr is not a terminal", async () => {
    const folder = join(temp.root, "progress");
    const { stderr } = await run(
      process.execPath,
      [
        DRIVER,
        JSON.stringify({
          folder,
          countFile: join(temp.root, "p.txt"),
          from: 0,
          to: 40,
          delayMs: 10,
          progress: true,
        }),
      ],
      {
        env: { ...process.env, EXCA_PROGRESS_MS: "50" },
      },
    );
    assert.match(stderr, /CountingMap\.process,1\/default: \d+\/40 \(\d+\.\d\/s, ETA \d+s\)/);
  });
});

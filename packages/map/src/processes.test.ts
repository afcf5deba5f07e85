import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CacheDict } from "@exca/storage";
import { CountingMap } from "./test-fixtures/maps.js";

const run = promisify(execFile);
const DRIVER = fileURLToPath(new URL("./test-fixtures/map-driver.js", import.meta.url));

let root = "";
before(async () => {
  root = await mkdtemp(join(tmpdir(), "exca-map-proc-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function computed(countFile: string): Promise<number[]> {
  const text = await readFile(countFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map(Number);
}

describe("MapInfra across processes", () => {
  it("computes each item exactly once when 4 processes map overlapping items (20,000 in all)", async () => {
    const folder = join(root, "overlap");
    const countFile = join(root, "overlap-count.txt");
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
    const counts = await computed(countFile);
    assert.equal(counts.length, 20_000, "every item computed once, none twice");
    assert.equal(new Set(counts).size, 20_000);
  });

  it("resumes a map killed halfway: only the rest is computed", async () => {
    const folder = join(root, "killed");
    const countFile = join(root, "killed-count.txt");
    const child = spawn(process.execPath, [
      DRIVER,
      JSON.stringify({ folder, countFile, from: 0, to: 200, delayMs: 5 }),
    ]);
    // Let it compute part of the items (results are flushed as they come), then kill it.
    const uidFolder = new CountingMap({ infra: { folder } }).infra.uidFolder();
    const seen = new CacheDict({ folder: uidFolder, refreshIntervalMs: 0 });
    for (let i = 0; i < 400 && seen.size < 20; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.ok(seen.size >= 20 && seen.size < 200, `${seen.size} results before the kill`);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const mapper = new CountingMap({
      countFile: join(root, "resumed-count.txt"),
      infra: { folder, progress: false },
    });
    const items = Array.from({ length: 200 }, (_, i) => i);
    const results = (await mapper.process(items)) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((r) => r.value),
      items.map((i) => i * 2),
    );
    const resumed = await computed(join(root, "resumed-count.txt"));
    assert.ok(resumed.length > 0 && resumed.length < 200, `recomputed ${resumed.length} of 200`);
  });
});

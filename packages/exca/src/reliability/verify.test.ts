// `exca verify <folder> [--repair] [--json]`: finds damaged records and files, drops them with --repair,
// and the next call recomputes exactly what was dropped.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { damage, filesEnding } from "../test-fixtures/damage.js";
import { cli, lineCounts, runCli, runDriver, tempRoot } from "../test-fixtures/harness.js";
import { ReliableMap, ReliableTask } from "../test-fixtures/reliable.js";
import type { VerifyReport } from "../verify.js";

const root = tempRoot("verify");
after(() => root.remove());

const ITEMS = Array.from({ length: 60 }, (_, i) => i);
let pristine = "";

before(async () => {
  pristine = join(root.path, "pristine");
  const report = await runDriver({ folder: pristine, items: ITEMS, tasks: [3, 49] });
  assert.deepEqual(report.errors, []);
});

function copy(name: string): string {
  const folder = join(root.path, name);
  cpSync(pristine, folder, { recursive: true });
  return folder;
}

async function verify(folder: string, ...flags: string[]): Promise<{ code: number; report: VerifyReport }> {
  const run = await cli("verify", folder, "--json", ...flags);
  assert.equal(run.stderr, "");
  return { code: run.code, report: JSON.parse(run.stdout) as VerifyReport };
}

const mapFolder = (folder: string): string => new ReliableMap({ infra: { folder } }).infra.uidFolder();
const taskFolder = (folder: string, n: number): string =>
  new ReliableTask({ n, infra: { folder } }).infra.uidFolder();

describe("exca verify", { timeout: 60_000 }, () => {
  it("finds nothing wrong in a healthy cache", async () => {
    const { code, report } = await verify(pristine);
    assert.equal(code, 0);
    assert.deepEqual(report.problems, []);
    assert.equal(report.folders, 3);
    assert.equal(report.stores, 3);
    assert.equal(report.records, ITEMS.length + 2);
    const text = await runCli("verify", pristine);
    assert.match(text.stdout, /checked 3 uid folders, 3 stores, 62 records\nno problem found/);
  });

  it("reports bad records, drops them with --repair, and the next call recomputes exactly those", async () => {
    const folder = copy("records");
    const [mapData] = filesEnding(mapFolder(folder), ".data");
    const [taskData] = filesEnding(join(taskFolder(folder, 49), "result"), ".data");
    damage(mapData!, "zero");
    damage(taskData!, "bitflip");
    const found = await verify(folder);
    assert.equal(found.code, 1);
    const bad = found.report.problems.filter((p) => p.key !== undefined);
    assert.ok(bad.length > 1);
    assert.ok(bad.every((p) => !p.repaired && (p.file === mapData || p.file === taskData)));
    assert.ok(bad.some((p) => p.file === taskData && p.key === "value"));
    const text = await cli("verify", folder);
    assert.match(text.stdout, /BAD .*\.data key "item-\d+": CacheDict: bad value/);
    assert.match(text.stdout, /problem\(s\) remain: run again with --repair/);

    const repaired = await verify(folder, "--repair");
    assert.equal(repaired.code, 0);
    assert.ok(repaired.report.problems.every((p) => p.repaired));
    const again = await verify(folder);
    assert.equal(again.code, 0);
    assert.deepEqual(again.report.problems, []);

    const countFile = join(root.path, "records-count.txt");
    const report = await runDriver({ folder, items: ITEMS, tasks: [3, 49], countFile });
    assert.deepEqual(report.wrong, []);
    assert.deepEqual(report.errors, []);
    const dropped = bad.map((p) => (p.key === "value" ? "task-49" : p.key!.slice("item-".length)));
    assert.deepEqual([...lineCounts(countFile).keys()].sort(), dropped.sort());
  });

  it("sets aside a shard whose index is damaged, and its keys are recomputed", async () => {
    const folder = copy("index");
    const [index] = filesEnding(mapFolder(folder), ".index");
    damage(index!, "bitflip");
    const found = await verify(folder);
    assert.equal(found.code, 1);
    assert.match(found.report.problems[0]?.problem ?? "", /corrupt index/);
    assert.equal((await verify(folder, "--repair")).code, 0);
    assert.ok(existsSync(`${index}.damaged`));
    assert.equal((await verify(folder)).code, 0);
    const report = await runDriver({ folder, items: ITEMS });
    assert.deepEqual([report.wrong, report.errors], [[], []]);
  });

  it("checks the YAML, job and claim files; --repair removes the bad ones and exca rewrites them", async () => {
    const folder = copy("files");
    const task = taskFolder(folder, 3);
    damage(join(task, "config.yaml"), "zero");
    writeFileSync(join(task, "job.json"), '{"executor": "local", "own');
    damage(join(mapFolder(folder), "full-uid.yaml"), "truncate");
    mkdirSync(join(mapFolder(folder), "inflight"), { recursive: true });
    writeFileSync(join(mapFolder(folder), "inflight", "x.claim"), "not json");
    const found = await verify(folder);
    assert.equal(found.code, 1);
    const files = found.report.problems.map((p) => p.file).sort();
    const map = mapFolder(folder);
    const expected = [join(map, "full-uid.yaml"), join(map, "inflight", "x.claim")];
    assert.deepEqual(files, [...expected, join(task, "config.yaml"), join(task, "job.json")].sort());
    assert.equal((await verify(folder, "--repair")).code, 0);
    const report = await runDriver({ folder, items: ITEMS, tasks: [3] });
    assert.deepEqual([report.wrong, report.errors], [[], []]);
    assert.ok(existsSync(join(task, "config.yaml")), "config.yaml rewritten");
    assert.ok(existsSync(join(mapFolder(folder), "full-uid.yaml")), "full-uid.yaml rewritten");
    assert.equal((await verify(folder)).code, 0);
  });

  it("fails with clear messages on bad usage", async () => {
    const missing = await runCli("verify");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing folder/);
    const absent = await cli("verify", join(root.path, "absent"));
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /is not a folder/);
    const empty = join(root.path, "empty");
    mkdirSync(empty);
    const none = await cli("verify", empty);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no exca cache below/);
  });
});

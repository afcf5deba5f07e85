import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { numbersOf, tempFolders } from "@exca/test-utils";
import { CountingMap, ShortMap, TutorialMap } from "./test-fixtures/maps.js";

/** A fresh cache folder per test. */
const { folder } = tempFolders("map");

describe("the MapInfra part of the exca tutorial", { timeout: 30_000 }, () => {
  it("maps items to arrays, in input order, cached per item", async () => {
    const tmp = folder();
    const mapper = new TutorialMap({ infra: { cluster: null, folder: tmp, cpusPerTask: 1 } });
    const arrays = (await mapper.process([1, 2, 3])) as unknown as Float64Array[];
    assert.deepEqual(
      arrays.map((a) => a.length),
      [12, 24, 36],
    );
    assert.ok(arrays[0] instanceof Float64Array);
    const again = (await new TutorialMap({ infra: { folder: tmp } }).process([
      3, 1,
    ])) as unknown as Float64Array[];
    assert.deepEqual(again[0], arrays[2]);
    assert.deepEqual(again[1], arrays[0]);
    assert.match(
      mapper.infra.uidFolder(),
      /\/exca\.map\.test-fixtures\.maps\.TutorialMap\.process,1\/default$/,
    );
    const files = await readdir(mapper.infra.uidFolder());
    for (const name of ["config.yaml", "uid.yaml", "full-uid.yaml"]) assert.ok(files.includes(name), name);
  });
});

describe("MapInfra", { timeout: 60_000 }, () => {
  it("computes only missing items, duplicates once, and repeats duplicates in the output", async () => {
    const tmp = folder();
    const countFile = join(tmp, "count.txt");
    const mapper = new CountingMap({ countFile, infra: { folder: tmp } });
    const first = (await mapper.process([1, 2, 2, 3])) as unknown as { value: number; tag: number }[];
    assert.deepEqual(
      first.map((r) => r.value),
      [2, 4, 4, 6],
    );
    assert.equal(first[1], first[2]);
    assert.deepEqual(await numbersOf(countFile), [1, 2, 3]);
    const second = (await new CountingMap({ countFile, infra: { folder: tmp } }).process([
      3, 4, 1,
    ])) as unknown as { value: number; tag: number }[];
    assert.deepEqual(await numbersOf(countFile), [1, 2, 3, 4], "only the missing item is computed");
    // Every result of the mixed call, in input order: cached ones are the stored ones, the computed one new.
    assert.deepEqual(second, [first[3], { value: 8, tag: second[1]!.tag }, first[0]]);
    assert.ok(!first.some((result) => result.tag === second[1]!.tag), "item 4 was computed by this call");
    const keys: string[] = [];
    for await (const key of mapper.infra.iterCached()) keys.push(key);
    assert.deepEqual(keys.sort(), ["item-1", "item-2", "item-3", "item-4"]);
  });

  it("computes the items it was given, even if the caller changes its array before the results", async () => {
    const tmp = folder();
    const items = [1, 2, 3];
    const pending = new CountingMap({ countFile: join(tmp, "count.txt"), infra: { folder: tmp } }).process(
      items,
    );
    items[0] = 99;
    const results = (await pending) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((r) => r.value),
      [2, 4, 6],
    );
  });

  it("streams results in input order with for await", async () => {
    const mapper = new CountingMap({ infra: { folder: folder() } });
    const values: number[] = [];
    for await (const result of mapper.process([5, 6, 5]) as unknown as AsyncIterable<{ value: number }>)
      values.push(result.value);
    assert.deepEqual(values, [10, 12, 10]);
  });

  it("refuses a method that yields fewer results than items", async () => {
    await assert.rejects(
      Promise.resolve(new ShortMap({ infra: { folder: folder() } }).process(["a", "b"])),
      /yielded 1 results for 2 items/,
    );
  });

  it("recomputes once with force, never computes with readOnly", async () => {
    const tmp = folder();
    const first = (await new CountingMap({ infra: { folder: tmp } }).process([1])) as unknown as {
      tag: number;
    }[];
    await assert.rejects(
      Promise.resolve(new CountingMap({ infra: { folder: tmp, mode: "readOnly" } }).process([1, 9])),
      /mode readOnly: 1 of 2 items/,
    );
    const forced = new CountingMap({ infra: { folder: tmp, mode: "force" } });
    const second = (await forced.process([1])) as unknown as { tag: number }[];
    assert.notEqual(second[0]!.tag, first[0]!.tag);
    assert.equal(((await forced.process([1])) as unknown as { tag: number }[])[0]!.tag, second[0]!.tag);
    const read = (await new CountingMap({ infra: { folder: tmp, mode: "readOnly" } }).process([
      1,
    ])) as unknown as { tag: number }[];
    assert.equal(read[0]!.tag, second[0]!.tag);
  });

  it("caches in RAM without a folder, and not at all without keepInRam", async () => {
    const ram = new CountingMap({});
    const a = (await ram.process([1])) as unknown as { tag: number }[];
    assert.equal(((await ram.process([1])) as unknown as { tag: number }[])[0]!.tag, a[0]!.tag);
    const none = new CountingMap({ infra: { keepInRam: false, mode: "force" } });
    const b = (await none.process([1])) as unknown as { tag: number }[];
    assert.notEqual(((await none.process([1])) as unknown as { tag: number }[])[0]!.tag, b[0]!.tag);
  });

  it("refuses a single missing item with forbidSingleItemComputation", async () => {
    const mapper = new CountingMap({ infra: { folder: folder(), forbidSingleItemComputation: true } });
    await assert.rejects(Promise.resolve(mapper.process([7])), /forbidSingleItemComputation/);
    // Fires only when exactly one item was requested and it is missing (issue 12.6), as in exca.
    const values = async (items: number[]): Promise<number[]> =>
      ((await mapper.process(items)) as unknown as { value: number }[]).map((result) => result.value);
    assert.deepEqual(await values([1, 2]), [2, 4], "two requested, two missing");
    assert.deepEqual(await values([1, 2, 3]), [2, 4, 6], "three requested, one missing: computed");
    assert.deepEqual(await values([3]), [6], "one requested, cached");
    assert.equal(((await mapper.process([7, 8])) as unknown as unknown[]).length, 2);
  });

  it("keeps the results computed before a failure; the next call computes only the rest", async () => {
    const tmp = folder();
    const countFile = join(tmp, "count.txt");
    await assert.rejects(
      Promise.resolve(
        new CountingMap({ countFile, failOn: 3, infra: { folder: tmp } }).process([1, 2, 3, 4]),
      ),
      /failing on 3/,
    );
    const rest = (await new CountingMap({ countFile, infra: { folder: tmp } }).process([
      1, 2, 3, 4,
    ])) as unknown as { value: number }[];
    assert.deepEqual(
      rest.map((r) => r.value),
      [2, 4, 6, 8],
    );
    assert.deepEqual(await numbersOf(countFile), [1, 2, 3, 4, 3, 4]);
  });

  it("rejects calls with the wrong arguments", () => {
    const mapper = new CountingMap({});
    assert.throws(
      () => (mapper.process as (...args: unknown[]) => unknown)([1], [2]),
      /exactly one argument/,
    );
    assert.throws(() => (mapper.process as (...args: unknown[]) => unknown)(3), /array \(or iterable\)/);
  });
});

describe("MapInfra on cluster: process", { timeout: 60_000 }, () => {
  it("spreads missing items over child processes and reads every result back", async () => {
    const tmp = folder();
    const countFile = join(tmp, "count.txt");
    const mapper = new CountingMap({
      countFile,
      infra: { folder: tmp, cluster: "process", maxJobs: 3, progress: false },
    });
    const items = Array.from({ length: 30 }, (_, i) => i);
    const results = (await mapper.process(items)) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((r) => r.value),
      items.map((i) => i * 2),
    );
    assert.deepEqual(
      (await numbersOf(countFile)).sort((a, b) => a - b),
      items,
    );
  });
});

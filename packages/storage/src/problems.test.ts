// Problems reach a caller through `onProblem`, typed by kind, instead of being read out of log messages
// (how `exca verify` learns of damaged records).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CacheDict, CacheError } from "./index.js";
import { tempRoot } from "./test-fixtures/tmp.js";
import { captureWarnings } from "./test-fixtures/warnings.js";

const root = tempRoot("problems");
after(() => root.remove());

/** A store of two large values (in the data file) and its shard's file names. */
async function stored(): Promise<{ folder: string; data: string; index: string }> {
  const folder = root.folder();
  await new CacheDict({ folder }).write((w) => {
    w.set("a", new Float64Array(500).fill(1));
    w.set("b", new Float64Array(500).fill(2));
  });
  const index = readdirSync(folder).find((name) => name.endsWith(".index"))!;
  return { folder, data: join(folder, index.replace(/\.index$/, ".data")), index: join(folder, index) };
}

describe("CacheDict onProblem", () => {
  it("receives an unreadable value as kind bad-value, naming the key, and nothing is logged", async () => {
    const { folder, data } = await stored();
    const bytes = readFileSync(data);
    bytes[bytes.length - 100]! ^= 0xff; // inside b's value: its checksum no longer matches
    writeFileSync(data, bytes);
    const problems: CacheError[] = [];
    const store = new CacheDict({ folder, onProblem: (problem) => problems.push(problem) });
    const warnings = captureWarnings();
    try {
      assert.equal(await store.get("b"), undefined, "reads as missing");
      assert.deepEqual(await store.get("a"), new Float64Array(500).fill(1));
    } finally {
      warnings.restore();
    }
    assert.deepEqual(warnings.errors, [], "handed to onProblem, not logged");
    assert.equal(problems.length, 1);
    assert.ok(problems[0] instanceof CacheError);
    assert.equal(problems[0].kind, "bad-value");
    assert.equal(problems[0].file, data);
  });

  it("receives a damaged index record as kind corrupt-index, naming the index file", async () => {
    const { folder, index } = await stored();
    const bytes = readFileSync(index);
    bytes.fill(0xee, 40, 80); // inside the first record: not what exca writes
    writeFileSync(index, bytes);
    const problems: CacheError[] = [];
    const store = new CacheDict({ folder, onProblem: (problem) => problems.push(problem) });
    store.keys();
    assert.ok(problems.length >= 1, "a problem was reported");
    assert.ok(
      problems.every((problem) => problem.kind === "corrupt-index" && problem.file === index),
      JSON.stringify(problems.map((problem) => [problem.kind, problem.file])),
    );
  });

  it("classifies refused input as kind bad-input", async () => {
    const store = new CacheDict({ folder: root.folder() });
    await assert.rejects(
      store.write((w) => w.set("\ud800", 1)),
      (error: unknown) => error instanceof CacheError && error.kind === "bad-input",
    );
    assert.throws(
      () => new CacheDict({ folder: "" }),
      (error: unknown) => error instanceof CacheError && error.kind === "bad-input",
    );
  });
});

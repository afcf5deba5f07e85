import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countLines, tempFolders } from "@exca/test-utils";
import { SlowTask, Unstorable } from "./test-fixtures/tasks.js";

/** A fresh cache folder per test. */
const { folder } = tempFolders("task-same-process");

describe("claims held by this very process", () => {
  it("two concurrent process() calls of equal objects in one process both get the value, computed once (issue 12.5)", async () => {
    const countFile = `${folder()}.count`;
    const input = { ms: 200, countFile, value: 3, infra: { folder: folder(), cluster: null } };
    const [a, b] = await Promise.all([new SlowTask(input).process(), new SlowTask(input).process()]);
    assert.deepEqual(a, { value: 3, pid: process.pid });
    assert.deepEqual(b, a);
    assert.equal(await countLines(countFile), 1);
  });

  it("an equal object follows a jobArray job running in this process, never declares it dead (issue 12.5)", async () => {
    const countFile = `${folder()}.count`;
    const infra = { folder: folder(), cluster: "local" } as const;
    const owner = new SlowTask({ ms: 300, countFile, infra });
    const input = { ms: 300, countFile, value: 4, infra };
    await owner.infra.jobArray((tasks) => {
      tasks.push(new SlowTask(input));
    });
    const twin = new SlowTask(input);
    assert.equal(await twin.infra.status(), "running");
    assert.deepEqual(await twin.process(), { value: 4, pid: process.pid });
    assert.equal(await countLines(countFile), 1);
  });
});

describe("values the storage cannot keep", () => {
  for (const cluster of [null, "process"] as const) {
    it(`a task returning a class instance fails clearly and is not cached as failed, cluster ${cluster} (issue 12.11)`, async () => {
      const infra = { folder: folder(), cluster };
      await assert.rejects(new Unstorable({ infra }).process(), (error: Error) => {
        assert.match(error.message, /Unstorable\.process\(\) returned a Point, which the cache cannot store/);
        assert.match(error.message, /plain objects, arrays/);
        return true;
      });
      assert.equal(await new Unstorable({ infra }).infra.status(), "not submitted");
      // The user fixes the method and calls again, without `retry`.
      assert.deepEqual(await new Unstorable({ broken: false, infra }).process(), { x: 1 });
    });
  }
});

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { countLines, tempFolders } from "@exca/test-utils";
import { SlowTask } from "./test-fixtures/tasks.js";

/** A fresh cache folder per test. */
const { folder } = tempFolders("job-array");

describe("jobArray and modes", () => {
  it("force acts once per object: the array recomputes, then each task is cached (issue 12.7)", async () => {
    const tmp = folder();
    const countFile = `${folder()}.count`;
    await new SlowTask({ value: 1, countFile, infra: { folder: tmp } }).process();
    const owner = new SlowTask({ countFile, infra: { folder: tmp, mode: "force" } });
    const tasks = [1, 2].map((value) => owner.infra.cloneObj<SlowTask>({ value }));
    const jobs = await owner.infra.jobArray((array) => {
      array.push(...tasks);
    });
    await Promise.all(jobs.map((job) => job.result()));
    assert.equal(await countLines(countFile), 3, "value 1 recomputed by force, value 2 computed");
    for (const task of tasks) await task.process();
    assert.equal(
      await countLines(countFile),
      3,
      "force acted once: the tasks' next process() reads the cache",
    );
    await owner.infra.jobArray((array) => {
      array.push(...tasks);
    });
    assert.equal(await countLines(countFile), 3, "and the owner's next array too");
  });

  it("a readOnly owner refuses to submit missing tasks, computing nothing (issue 12.7)", async () => {
    const tmp = folder();
    const countFile = `${folder()}.count`;
    await new SlowTask({ value: 1, countFile, infra: { folder: tmp } }).process();
    const owner = new SlowTask({ countFile, infra: { folder: tmp, mode: "readOnly" } });
    const missing = owner.infra.cloneObj<SlowTask>({ value: 2 });
    await assert.rejects(
      owner.infra.jobArray((array) => {
        array.push(owner.infra.cloneObj({ value: 1 }), missing);
      }),
      /mode readOnly: 1 of 2 tasks of the job array are not computed \(e\.g\. .*value=2.*\): nothing was submitted/,
    );
    assert.equal(await countLines(countFile), 1);
    assert.equal(existsSync(missing.infra.uidFolder()), false, "readOnly writes nothing");
    const jobs = await owner.infra.jobArray((array) => {
      array.push(owner.infra.cloneObj({ value: 1 }));
    });
    assert.deepEqual(await jobs[0]!.result(), { value: 1, pid: process.pid });
  });
});

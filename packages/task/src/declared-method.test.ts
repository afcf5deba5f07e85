import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Config, Type } from "@exca/config";
import { tempFolders } from "@exca/test-utils";
import { TaskInfra } from "./index.js";

const { folder } = tempFolders("task-declared");

/** The form the docs lead with: the infra field names its method, so the infra is typed by the owner. */
class Scaled extends Config({
  param: Type.Integer({ default: 2 }),
  infra: TaskInfra.field({ version: "1" }, "process"),
}) {
  @TaskInfra.apply()
  async process(): Promise<{ scaled: number }> {
    return { scaled: this.param * 10 };
  }
}

describe("TaskInfra.field(defaults, method)", () => {
  it("drives the named method: job, cloneObj, jobArray and iterCached deal in owner objects", async () => {
    const task = new Scaled({ param: 3, infra: { folder: folder() } });
    assert.deepEqual(await task.process(), { scaled: 30 });
    assert.deepEqual(await (await task.infra.job()).result(), { scaled: 30 });
    const clone = task.infra.cloneObj({ param: 4 });
    assert.ok(clone instanceof Scaled);
    assert.equal(clone.infra.folder, task.infra.folder, "the clone keeps the other fields");
    const jobs = await task.infra.jobArray((tasks) => {
      tasks.push(clone, task.infra.cloneObj({ "infra.mode": "force", param: 5 }));
    });
    const results = await Promise.all(jobs.map((job) => job.result()));
    assert.deepEqual(results, [{ scaled: 40 }, { scaled: 50 }]);
    const cached: number[] = [];
    for await (const found of task.infra.iterCached()) {
      assert.ok(found instanceof Scaled);
      cached.push(found.param);
    }
    assert.deepEqual(cached.sort(), [3, 4, 5]);
  });

  it("picks the named method when several methods use a TaskInfra", async () => {
    class Two extends Config({ n: Type.Integer({ default: 1 }), infra: TaskInfra.field({}, "triple") }) {
      @TaskInfra.apply()
      async double(): Promise<number> {
        return this.n * 2;
      }
      @TaskInfra.apply()
      async triple(): Promise<number> {
        return this.n * 3;
      }
    }
    const two = new Two({ n: 5, infra: { folder: folder() } });
    assert.equal(await (await two.infra.job()).result(), 15);
    assert.match(two.infra.uid(), /(^|\.)Two\.triple,0\//);
  });

  it("throws when the owner is built if the named method is missing, undecorated or another field's", () => {
    class Typo extends Config({ infra: TaskInfra.field({}, "proces") }) {
      @TaskInfra.apply()
      async process(): Promise<number> {
        return 1;
      }
    }
    assert.throws(
      () => new Typo({}),
      /Typo\.infra \(TaskInfra\.field\(\.\.\., "proces"\)\) names a method that Typo does not have: pass the name of the decorated method to TaskInfra\.field/,
    );
    class Plain extends Config({ infra: TaskInfra.field({}, "run") }) {
      async run(): Promise<number> {
        return 1;
      }
    }
    assert.throws(
      () => new Plain({}),
      /Plain\.run is not a task method: decorate it with @TaskInfra\.apply\(\) .*, or call TaskInfra\.applyTo\(Plain, "run"\)/,
    );
    // A subclass overriding the method without decorating it would make process() skip the cache.
    class Undecorated extends Scaled {
      override async process(): Promise<{ scaled: number }> {
        return { scaled: 0 };
      }
    }
    assert.throws(
      () => new Undecorated({}),
      /Undecorated\.process is not a task method: decorate it with @TaskInfra\.apply\(\) \(a subclass that overrides it decorates it again\)/,
    );
    class Crossed extends Config({
      first: TaskInfra.field({}, "run"),
      second: TaskInfra.field({}),
    }) {
      @TaskInfra.apply({ infra: "second" })
      async run(): Promise<number> {
        return 1;
      }
    }
    assert.throws(
      () => new Crossed({}),
      /Crossed\.first .*: Crossed\.run is decorated for the infra field "second": pass the method to that field's TaskInfra\.field instead/,
    );
  });

  it("refuses a method name that is not a string", () => {
    assert.throws(
      // @ts-expect-error the compiler refuses it too
      () => TaskInfra.field({}, 3),
      /TaskInfra\.field\(defaults, method\): method must be a method name, got 3/,
    );
  });
});

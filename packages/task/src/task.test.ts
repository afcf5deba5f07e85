import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, toConfig } from "@exca/config";
import { CacheError } from "@exca/storage";
import { tempFolders } from "@exca/test-utils";
import { TaskError } from "./index.js";
import { ExcludingTask, FailingTask, TutorialTask } from "./test-fixtures/tasks.js";

/** A fresh cache folder per test. */
const { folder } = tempFolders("task");

describe("the TaskInfra part of the exca tutorial", () => {
  it("computes once, then returns the cached value (same object, equal object, new process state)", async () => {
    const tmp = folder();
    const task = new TutorialTask({ param: 1, infra: { folder: tmp } });
    const first = await task.process();
    assert.equal(await task.process(), first);
    assert.equal(
      await new TutorialTask({ param: 1, infra: { folder: tmp } }).process(),
      first,
      "read from disk",
    );
    assert.notEqual(await new TutorialTask({ param: 2, infra: { folder: tmp } }).process(), first);
  });

  it("job().result() equals process()", async () => {
    const task = new TutorialTask({ param: 3, infra: { folder: folder() } });
    const job = await task.infra.job<number>();
    assert.equal(await job.result(), await task.process());
  });

  it("exports its config and writes the three YAML files in the uid folder", async () => {
    const tmp = folder();
    const task = new TutorialTask({ param: 13, infra: { folder: tmp } });
    assert.equal(task.infra.version, "1", "class-level infra defaults are inherited");
    assert.match(
      task.infra.uid(),
      /^exca\.task\.test-fixtures\.tasks\.TutorialTask\.process,1\/param=13-[0-9a-f]{8}$/,
    );
    assert.equal(
      task.infra.uidFolder(),
      join(tmp, "exca.task.test-fixtures.tasks.TutorialTask.process,1", task.infra.uid().split("/")[1]!),
    );
    assert.deepEqual(task.infra.config({ uid: true, excludeDefaults: true }), { param: 13 });
    assert.deepEqual(task.infra.config({ uid: true }), { param: 13, infra: { version: "1" } });
    await task.process();
    const files = (await readdir(task.infra.uidFolder())).sort();
    assert.deepEqual(files, ["config.yaml", "full-uid.yaml", "job.json", "result", "uid.yaml"]);
    assert.equal(await readFile(join(task.infra.uidFolder(), "uid.yaml"), "utf8"), "param: 13\n");
    assert.equal(
      await readFile(join(task.infra.uidFolder(), "full-uid.yaml"), "utf8"),
      'infra.version: "1"\nparam: 13\n',
    );
    const config = await readFile(join(task.infra.uidFolder(), "config.yaml"), "utf8");
    assert.match(config, new RegExp(`folder: ${tmp}`));
  });

  it("names an all-default config `default`", () => {
    assert.equal(
      new TutorialTask({ infra: { folder: folder() } }).infra.uid(),
      "exca.task.test-fixtures.tasks.TutorialTask.process,1/default",
    );
  });
});

describe("TaskInfra without a folder", () => {
  it("computes in-process and keeps the result in RAM", async () => {
    const task = new TutorialTask({ param: 2 });
    const value = await task.process();
    assert.equal(await task.process(), value);
    assert.equal(await task.infra.status(), "completed");
    assert.notEqual(await new TutorialTask({ param: 2, infra: { keepInRam: false } }).process(), value);
  });

  it("refuses out-of-process clusters, naming the field", async () => {
    await assert.rejects(new TutorialTask({ infra: { cluster: "process" } }).process(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues[0]?.path, "/infra/folder");
      return true;
    });
  });

  it("lets errors through uncached", async () => {
    const task = new FailingTask({});
    await assert.rejects(task.process(), RangeError);
    assert.equal(await task.infra.status(), "not submitted");
  });
});

describe("modes and cached failures", () => {
  it("caches a failure and re-throws it as a TaskError with the original name, message and stack", async () => {
    const tmp = folder();
    const task = new FailingTask({ infra: { folder: tmp } });
    const error = await task.process().then(
      () => assert.fail("should fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TaskError);
    assert.equal(error.originalName, "RangeError");
    assert.match(error.message, /RangeError: failure 0\.\d+/);
    assert.match(error.originalStack ?? "", /tasks\.js/);
    assert.equal(await task.infra.status(), "failed");
    const again = (await new FailingTask({ infra: { folder: tmp } })
      .process()
      .catch((e: unknown) => e)) as TaskError;
    assert.equal(again.message, error.message, "the cached failure is re-thrown verbatim");
    assert.match(again.message, /use mode 'retry'/);
    // The original as cause: the thrown object itself in this process, rebuilt from the cache elsewhere.
    assert.ok(error.cause instanceof RangeError, "the thrown RangeError itself");
    assert.equal(`${error.originalName}: ${error.cause.message}`, error.message.split(" (task ")[0]);
    assert.ok(again.cause instanceof Error);
    assert.equal(again.cause.name, "RangeError");
    assert.equal(again.cause.message, error.cause.message);
    assert.equal(again.cause.stack, error.originalStack);
  });

  it("follows exca's mode semantics: cached, retry, force, readOnly (test_mode twin)", async () => {
    const tmp = folder();
    const make = (mode: "cached" | "retry" | "force" | "readOnly") =>
      new FailingTask({ infra: { folder: tmp, mode } });
    const messageOf = async (task: FailingTask): Promise<string> =>
      ((await task.process().catch((e: unknown) => e)) as TaskError).message;
    await assert.rejects(make("readOnly").process(), /mode readOnly: task .* is not computed/);
    const cached = await messageOf(make("cached"));
    const retried = await messageOf(make("retry"));
    assert.notEqual(retried, cached, "retry recomputes a failure");
    const forceTask = make("force");
    const forced = await messageOf(forceTask);
    assert.notEqual(forced, retried, "force recomputes");
    assert.equal(await messageOf(forceTask), forced, "force acts once per object, then as cached");
    assert.equal(await messageOf(make("readOnly")), forced);
    assert.equal(await messageOf(make("cached")), forced);
  });

  it("an object that saw a failure (keepInRam off) sees the retry another object stored", async () => {
    const tmp = folder();
    const watcher = new FailingTask({ infra: { folder: tmp, keepInRam: false } });
    const messageOf = async (task: FailingTask): Promise<string> =>
      ((await task.process().catch((e: unknown) => e)) as TaskError).message;
    const first = await messageOf(watcher);
    assert.equal(await watcher.infra.status(), "failed");
    const retried = await messageOf(new FailingTask({ infra: { folder: tmp, mode: "retry" } }));
    assert.notEqual(retried, first);
    assert.equal(await messageOf(watcher), retried, "the stored error is read again, not remembered");
  });

  it("retry keeps a success; force recomputes it once", async () => {
    const tmp = folder();
    const value = await new TutorialTask({ infra: { folder: tmp } }).process();
    assert.equal(await new TutorialTask({ infra: { folder: tmp, mode: "retry" } }).process(), value);
    const forced = new TutorialTask({ infra: { folder: tmp, mode: "force" } });
    const recomputed = await forced.process();
    assert.notEqual(recomputed, value);
    assert.equal(await forced.process(), recomputed);
    assert.equal(await new TutorialTask({ infra: { folder: tmp, mode: "readOnly" } }).process(), recomputed);
  });

  it("clearJob forgets the result but keeps uid.yaml and full-uid.yaml", async () => {
    const task = new TutorialTask({ infra: { folder: folder() } });
    const value = await task.process();
    await task.infra.clearJob();
    assert.equal(await task.infra.status(), "not submitted");
    assert.deepEqual((await readdir(task.infra.uidFolder())).sort(), ["full-uid.yaml", "uid.yaml"]);
    assert.notEqual(await task.process(), value);
  });
});

describe("uid folder consistency", () => {
  /** Computes a TutorialTask in a fresh folder, then overwrites `file` of its uid folder with `text`. */
  async function cachedThenEdited(file: string, text: string) {
    const tmp = folder();
    const task = new TutorialTask({ param: 5, infra: { folder: tmp } });
    const value = await task.process();
    await writeFile(join(task.infra.uidFolder(), file), text);
    /** An equal task's process(), which reads the edited folder. */
    const again = (): Promise<number> => new TutorialTask({ param: 5, infra: { folder: tmp } }).process();
    return { task, value, again };
  }

  it("refuses a folder whose uid.yaml holds another config", async () => {
    const { again } = await cachedThenEdited("uid.yaml", "param: 6\n");
    await assert.rejects(
      again(),
      (error: unknown) =>
        error instanceof CacheError &&
        error.kind === "foreign" &&
        /inconsistent uid config/.test(error.message),
    );
  });

  it("rewrites a corrupted uid.yaml", async () => {
    const { task, value, again } = await cachedThenEdited("uid.yaml", "{ not: yaml: [\n");
    assert.equal(await again(), value);
    assert.equal(await readFile(join(task.infra.uidFolder(), "uid.yaml"), "utf8"), "param: 5\n");
  });

  it("detects a changed class default under an unchanged uid (full-uid.yaml)", async () => {
    // As if the cache had been made when the class-level infra version default was "0".
    const { again } = await cachedThenEdited("full-uid.yaml", 'infra.version: "0"\nparam: 5\n');
    await assert.rejects(again(), /default "1" for infra\.version seems incompatible .*was "0"/);
  });
});

describe("cloneObj, exclusions, jobArray, iterCached", () => {
  it("clones with dotted overrides, leaving the original alone", () => {
    const task = new TutorialTask({ param: 1, infra: { folder: "/tmp/x", version: "3" } });
    const clone = task.infra.cloneObj<TutorialTask>({ param: 12 });
    assert.ok(clone instanceof TutorialTask);
    assert.equal(clone.param, 12);
    assert.equal(clone.infra.folder, "/tmp/x");
    assert.equal(clone.infra.version, "3");
    assert.equal(task.param, 1);
    assert.equal(task.infra.cloneObj<TutorialTask>({ "infra.folder": "/tmp/y" }).infra.folder, "/tmp/y");
  });

  it("shares results across values of fields excluded from the cache uid", async () => {
    const tmp = folder();
    const a = await new ExcludingTask({ other: "a", infra: { folder: tmp } }).process();
    assert.equal(await new ExcludingTask({ other: "b", infra: { folder: tmp } }).process(), a);
    assert.notEqual(await new ExcludingTask({ param: 2, other: "b", infra: { folder: tmp } }).process(), a);
    assert.deepEqual(new ExcludingTask({ other: "b", infra: { folder: tmp } }).infra.config({ uid: true }), {
      param: 1,
      infra: { version: "0" },
    });
  });

  it("submits a job array of three clones; a second identical array submits nothing", async () => {
    const tmp = folder();
    const task = new TutorialTask({ infra: { folder: tmp } });
    const jobs = await task.infra.jobArray<TutorialTask>((tasks) => {
      for (const param of [0, 1, 2]) tasks.push(task.infra.cloneObj({ param }));
    });
    assert.equal(jobs.length, 3);
    const results = await Promise.all(jobs.map((job) => job.result()));
    assert.equal(results[0], 0);
    const cached: TutorialTask[] = [];
    for await (const found of task.infra.iterCached<TutorialTask>()) cached.push(found);
    assert.deepEqual(cached.map((t) => t.param).sort(), [0, 1, 2]);
    const again = await task.infra.jobArray<TutorialTask>((tasks) => {
      for (const param of [0, 1, 2]) tasks.push(task.infra.cloneObj({ param }));
    });
    assert.deepEqual(
      again.map((job) => job.jobId),
      ["cached", "cached", "cached"],
    );
    assert.deepEqual(await Promise.all(again.map((job) => job.result())), results);
  });

  it("refuses duplicate tasks in a job array, naming both", async () => {
    const task = new TutorialTask({ infra: { folder: folder() } });
    await assert.rejects(
      task.infra.jobArray<TutorialTask>((tasks) => {
        tasks.push(task.infra.cloneObj({ param: 4 }), task.infra.cloneObj({ param: 4 }));
      }),
      /same uid exca\.task\.test-fixtures\.tasks\.TutorialTask\.process,1\/param=4-[0-9a-f]{8}:\n[\s\S]*param: 4\n---\n[\s\S]*param: 4\n/,
    );
    const jobs = await task.infra.jobArray<TutorialTask>(
      (tasks) => {
        tasks.push(task.infra.cloneObj({ param: 4 }), task.infra.cloneObj({ param: 4 }));
      },
      { allowRepeated: true },
    );
    assert.equal(jobs.length, 1);
  });

  it("exports the owner's full config", () => {
    const task = new TutorialTask({ param: 4, infra: { folder: "/tmp/z" } });
    assert.equal((toConfig(task).infra as { folder: string }).folder, "/tmp/z");
  });
});

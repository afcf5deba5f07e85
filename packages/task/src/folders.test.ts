import assert from "node:assert/strict";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Config, type LogRecord, setLogSink, Type } from "@exca/config";
import { tempFolders } from "@exca/test-utils";
import { TaskInfra } from "./index.js";
import { Train as TrainA } from "./test-fixtures/same-name-a.js";
import { Train as TrainB } from "./test-fixtures/same-name-b.js";
import { TwoInfras } from "./test-fixtures/two-infras.js";

/** A fresh cache folder per test. */
const { folder } = tempFolders("task-folders");

describe("method folders", () => {
  it("two classes of the same name in different modules never share a cache folder (issue 12.3)", async () => {
    const tmp = folder();
    const a = new TrainA({ lr: 0.5, infra: { folder: tmp } });
    const b = new TrainB({ lr: 0.5, infra: { folder: tmp } });
    assert.equal(await a.process(), "a:0.5");
    assert.equal(await b.process(), "b:0.5", "not the other module's cached value");
    // Readable and relative to the package (no absolute path): `<package>.<module path>.<Class>.<method>,<version>`.
    assert.match(
      a.infra.uid(),
      /^exca\.task\.test-fixtures\.same-name-a\.Train\.process,1\/lr=0\.50-[0-9a-f]{8}$/,
    );
    assert.match(b.infra.uid(), /^exca\.task\.test-fixtures\.same-name-b\.Train\.process,1\//);
  });

  it("never reads a folder of the former layout (`Class.method,version`), and warns with the mv that reuses it (issue 12.3)", async () => {
    const tmp = folder();
    const first = new TrainA({ lr: 0.25, infra: { folder: tmp } });
    await first.process();
    const [current, objectUid] = first.infra.uid().split("/") as [string, string];
    const legacy = join(tmp, "Train.process,1");
    await rename(join(tmp, current), legacy);
    const records: LogRecord[] = [];
    const restore = setLogSink((record) => records.push(record));
    try {
      // Both same-name classes wrote there before 0.2: reading it could return the other class's value.
      const again = new TrainA({ lr: 0.25, infra: { folder: tmp, mode: "readOnly" } });
      await assert.rejects(again.process(), /not computed/);
      assert.equal(again.infra.uidFolder(), join(tmp, current, objectUid));
    } finally {
      restore();
    }
    const warning = records.find((record) => record.level === "warn" && record.message.includes(legacy));
    assert.ok(warning, "a warning names the former folder");
    assert.ok(warning.message.includes(`mv "${legacy}" "${join(tmp, current)}"`), warning.message);
    // The printed migration works: after the mv, the results are read without computing.
    await rename(legacy, join(tmp, current));
    const migrated = new TrainA({ lr: 0.25, infra: { folder: tmp, mode: "readOnly" } });
    assert.equal(await migrated.process(), "a:0.25");
  });
});

describe("task state", () => {
  it("an object with two infra fields keeps one uid and one value per infra (issue 12.4)", async () => {
    const tmp = folder();
    const obj = new TwoInfras({ n: 5, first: { folder: tmp }, second: { folder: tmp } });
    assert.equal(await obj.double(), 10);
    assert.equal(await obj.triple(), 15, "not the other infra's value");
    assert.notEqual(obj.first.uid(), obj.second.uid());
    assert.match(obj.second.uid(), /\.TwoInfras\.triple,1\//);
    assert.equal(await new TwoInfras({ n: 5, first: { folder: tmp }, second: { folder: tmp } }).triple(), 15);
  });
});

describe("excludeFromCacheUid", () => {
  it("excludeFromCacheUid with a typo throws, naming the field and the class's fields (issue 12.9)", async () => {
    class Typo extends Config({
      lr: Type.Number({ default: 0.1 }),
      infra: TaskInfra.field({ version: "1" }),
    }) {
      // @ts-expect-error the compiler refuses the typo too; the run time must still name it
      @TaskInfra.apply({ excludeFromCacheUid: ["lrr"] })
      async process(): Promise<number> {
        return this.lr;
      }
    }
    const typo = new Typo({ infra: { folder: folder() } });
    await assert.rejects(
      typo.process(),
      /Typo: excludeFromCacheUid names unknown field "lrr" \(Typo has fields: lr, infra\)/,
    );
    assert.throws(() => typo.infra.uid(), /unknown field "lrr"/);
    class Nested extends Config({ opt: Typo, infra: TaskInfra.field({ version: "1" }) }) {
      // @ts-expect-error the compiler refuses "opt.nope" too; the run time must still name it
      @TaskInfra.apply({ excludeFromCacheUid: () => ["opt.lr", "opt.nope"] })
      async process(): Promise<number> {
        return 1;
      }
    }
    assert.throws(
      () => new Nested({ opt: {}, infra: { folder: folder() } }).infra.uid(),
      /Nested: excludeFromCacheUid names unknown field "opt\.nope" \(Nested\.opt has fields: lr, infra\)/,
    );
  });
});

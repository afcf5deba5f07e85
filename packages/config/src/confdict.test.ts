import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfDict, ConfigError, flatten, uid, unflatten } from "./index.js";

describe("ConfDict", () => {
  it("reads and writes dotted keys, indexing lists with digits", () => {
    const cd = new ConfDict({ "a.b": 1, c: { d: [{ e: 2 }] } });
    assert.equal(cd.get("a.b"), 1);
    assert.equal(cd.get("c.d.0.e"), 2);
    assert.equal(cd.get("c.x.y"), undefined);
    cd.set("c.d.0.e", 3).set("z.y", "w");
    assert.deepEqual(cd.toObject(), { a: { b: 1 }, c: { d: [{ e: 3 }] }, z: { y: "w" } });
    assert.ok(cd.has("z.y"));
    assert.throws(() => cd.set("c.d.x", 1), /"x" cannot index a list/);
  });

  it("merges updates recursively unless =replace= is set", () => {
    const cd = new ConfDict({ model: { lr: 1, layers: 2 } });
    cd.update({ "model.lr": 0.1, other: 1 });
    assert.deepEqual(cd.toObject(), { model: { lr: 0.1, layers: 2 }, other: 1 });
    cd.update({ model: { [ConfDict.REPLACE]: true, kind: "new" } });
    assert.deepEqual(cd.toObject(), { model: { kind: "new" }, other: 1 });
  });

  it("deletes keys and the parents they leave empty", () => {
    const cd = new ConfDict({ "a.b.c": 1, "a.d": 2 });
    assert.equal(cd.delete("a.b.c"), true);
    assert.deepEqual(cd.toObject(), { a: { d: 2 } });
    assert.equal(cd.delete("a.d"), true);
    assert.deepEqual(cd.toObject(), {});
    assert.equal(cd.delete("nope.x"), false);
  });

  it("flattens and unflattens", () => {
    const nested = { a: { b: 1, c: { d: [1, 2] } }, e: {} };
    assert.deepEqual(flatten(nested), { "a.b": 1, "a.c.d": [1, 2], e: {} });
    assert.deepEqual(unflatten(flatten(nested)), nested);
  });

  it("writes uid.yaml-style YAML with dotted single-key chains and reads it back", () => {
    const cd = new ConfDict({ training: { optim: { lr: 0.01 } }, b: { x: 1, y: 2 } });
    assert.equal(cd.toYaml(), "b:\n  x: 1\n  y: 2\ntraining.optim.lr: 0.01\n");
    assert.deepEqual(ConfDict.fromYaml(cd.toYaml()).toObject(), cd.toObject());
    assert.equal(cd.toUid(), uid(cd.toObject()));
  });

  it("parses command-line arguments as YAML scalars", () => {
    const cd = ConfDict.fromArgs([
      "--optim.lr=0.01",
      "--name=run 1",
      "--flag=true",
      "--list=[1, 2]",
      "--eq=a=b",
    ]);
    assert.deepEqual(cd.toObject(), {
      optim: { lr: 0.01 },
      name: "run 1",
      flag: true,
      list: [1, 2],
      eq: "a=b",
    });
    assert.throws(
      () => ConfDict.fromArgs(["--ok=1", "oops"]),
      (error: unknown) => error instanceof ConfigError && error.issues[0]?.path === "/1",
    );
  });

  it("refuses keys that would reach object prototypes", () => {
    assert.throws(() => new ConfDict({ "__proto__.polluted": 1 }), ConfigError);
    assert.throws(() => ConfDict.fromArgs(["--a..b=1"]), ConfigError);
    assert.deepEqual(new ConfDict({ "constructor.x": 1, "": 2 }).toObject(), {
      constructor: { x: 1 },
      "": 2,
    });
    assert.equal(new ConfDict({}).get("constructor"), undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

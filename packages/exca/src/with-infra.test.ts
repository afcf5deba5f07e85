import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { withInfra } from "./index.js";
import { square } from "./test-fixtures/pipeline.js";

let folder = "";
before(async () => {
  folder = await mkdtemp(join(tmpdir(), "exca-with-infra-"));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("withInfra", { timeout: 60_000 }, () => {
  it("caches a function by its parameters", async () => {
    let calls = 0;
    const add = withInfra(
      function add(p: { a: number; b: number }) {
        calls++;
        return p.a + p.b + Math.random();
      },
      { folder },
    );
    const first = await add({ a: 1, b: 2 });
    assert.equal(await add({ b: 2, a: 1 }), first);
    assert.notEqual(await add({ a: 2, b: 2 }), first);
    assert.equal(calls, 2);
    assert.match(add.task({ a: 1, b: 2 }).infra.uid(), /^add\.process,1\/a=1,b=2-[0-9a-f]{8}$/);
    assert.throws(() => add.task({ a: 1, b: 2, infra: 3 } as never), Error);
  });

  it("a parameter left undefined reuses the cache of the call without it (same uid, same uid.yaml)", async () => {
    let calls = 0;
    const opt = withInfra(
      function opt(p: { a?: number }) {
        calls++;
        return p.a ?? Math.random();
      },
      { folder },
    );
    const first = await opt({});
    assert.equal(await opt({ a: undefined }), first);
    assert.equal(calls, 1);
  });

  it("withInfra refuses an unnamed arrow function (issue 12.1)", async () => {
    assert.throws(
      () => withInfra(async (p: { a: number }) => p.a, { folder }),
      /anonymous function needs a name.*\{ name: /,
    );
    // Two inline arrows with different bodies and their own names never share a cache cell.
    const double = withInfra(async (p: { a: number }) => p.a * 2, { name: "double", folder });
    const triple = withInfra(async (p: { a: number }) => p.a * 3, { name: "triple", folder });
    assert.equal(await double({ a: 5 }), 10);
    assert.equal(await triple({ a: 5 }), 15);
    assert.notEqual(double.task({ a: 5 }).infra.uidFolder(), triple.task({ a: 5 }).infra.uidFolder());
  });

  it("takes a parameter type declared as an interface, and refuses non-object parameters by name (issue 14)", async () => {
    interface Scale {
      value: number;
      factor?: number;
    }
    const scale = withInfra(
      function scale(p: Scale) {
        return p.value * (p.factor ?? 2);
      },
      { folder },
    );
    assert.equal(await scale({ value: 3 }), 6);
    assert.equal(await scale({ value: 3, factor: 3 }), 9);
    // What the types refuse, a JavaScript caller may still pass: each is refused with the function's name.
    for (const bad of [null, undefined]) {
      await assert.rejects(scale(bad as never), /^TypeError: scale: expected one object of named parameters/);
      assert.throws(() => scale.task(bad as never), /scale: expected one object of named parameters/);
    }
    for (const [bad, message] of [
      [[1, 2], /got array\(2\)/],
      [new Date(0), /got Date instance/],
      [3, /got 3/],
      [{ value: new Date(0) }, /\/value: Date instance is not supported/],
    ] as const) {
      await assert.rejects(
        scale(bad as never),
        (error: Error) => error.name === "ConfigError" && message.test(error.message),
      );
    }
    await assert.rejects(
      scale({ value: 1, infra: {} } as never),
      /scale: a parameter may not be called "infra"/,
    );
    // .task() checks as the call does: an "infra" key must not replace the task's own infra.
    assert.throws(
      () => scale.task({ value: 1, infra: { folder: "elsewhere" } } as never),
      /may not be called "infra"/,
    );
  });

  it("runs an exported function in a worker process", async () => {
    const result = square.task({ x: 7 }).infra.cloneObj({
      "infra.folder": folder,
      "infra.cluster": "process",
    });
    const value = await (await result.infra.job()).result();
    assert.equal(value.square, 49);
    assert.notEqual(value.pid, process.pid);
  });
});

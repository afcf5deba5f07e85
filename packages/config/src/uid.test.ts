import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Config, ConfigError, formatFloat, OneOf, Type, toConfig, UID_VERSION, uid } from "./index.js";

/**
 * Golden vectors: changing any of these strings changes every user's cache folder names. If a change is
 * intended, bump UID_VERSION and update this table in the same commit (and say so in the changelog).
 */
const GOLDEN: [unknown, string][] = [
  [{ param1: 13 }, "param1=13-a00a4050"],
  [{ param1: 13, inst: { uid: "D2" } }, "param1=13,inst.uid=D2-f1499c9a"],
  [{ training: { optim: { lr: 0.01 } } }, "training.optim.lr=0.01-f393ba98"],
  [
    { y: { thing: 12, stuff: 13, what: { hello: 11 } }, x: 12 },
    "x=12,y={stuff=13,thing=12,what.hello=11}-c91eceab",
  ],
  [
    { my_stuff: 13.0, x: "'whatever*'\nhello", none: null, t: new Float32Array([1.2, 1.4]) },
    "none=null,my_stuff=13,x=whatever-hello,t=data-2-3ddaedfe-f9fe2e8e",
  ],
  [
    { a: 1.5, b: 1e-5, c: 123456.0, d: -0.5, e: true, f: null, g: "hello world/x" },
    "a=1.50,e=true,f=null,d=-0.50,c=123456,b=1.00e-05,g=hello-world-x-25523018",
  ],
  [{ l: [1, 2.0, "a"], t: [], d: {} }, "d={},t=(),l=(1,2,a)-7cf1bbd5"],
  [{ infra: { version: "1" } }, "infra.version=1-d3e5f71f"],
  [[1.0, { a: 12 }], "1,{a=12}-e79cb9e2"],
  [5.0, "5-8cabafd3"],
  [{}, "default"],
  [{ big: 1e21, neg: -3, zero: -0 }, "neg=-3,zero=0,big=1000000000000000000000-505c7874"],
  [{ s: "x".repeat(200) }, `s=${"x".repeat(126)}...7-4cd89963`],
  [{ tab: "a\tb c\\d", uni: "héllo✓" }, "uni=hllo,tab=a-b-c-d-4b96b734"],
  [{ nested: { a: { b: { c: 1, d: 2 } } } }, "nested.a.b={c=1,d=2}-76aebe38"],
  [{ list: [{ a: 1 }, { b: [2, 3] }] }, "list=({a=1},{b=(2,3)})-16e8f197"],
  [{ k: 1e4, k2: 10000.5, k3: 0.001, k4: 0.000999 }, "k=10000,k3=0.00,k2=1.00e04,k4=9.99e-04-e2d41a5b"],
  [{ flag: false, txt: "3" }, "txt=3,flag=false-f04fd31f"],
  [{ n: 12345678901234567890n }, "n=12345678901234567890-52455804"],
  [{ dotted: { "a.b": 1 } }, "dotted.a.b=1-85768f2e"],
  [{ a: { b: 1 } }, "a.b=1-41c632c3"],
];

describe("uid", () => {
  it("is frozen by golden vectors (UID_VERSION 1)", () => {
    assert.equal(UID_VERSION, 1);
    for (const [input, expected] of GOLDEN)
      assert.equal(uid(input), expected, JSON.stringify(input, replacer));
  });

  it("ignores key order and number spelling, never list order", () => {
    assert.equal(uid({ a: 1, b: { c: 2, d: 3 } }), uid({ b: { d: 3, c: 2 }, a: 1 }));
    assert.equal(uid({ a: 3 }), uid({ a: 3.0 }));
    assert.equal(uid({ a: 3 }), uid({ a: 3n }));
    assert.notEqual(uid({ a: [1, 2] }), uid({ a: [2, 1] }));
  });

  it("changes with every value change, even when the readable text is the same", () => {
    assert.notEqual(uid({ a: 1.001 }), uid({ a: 1.002 }), "floats print as 1.00 but hash exactly");
    assert.notEqual(uid({ a: "x/y" }), uid({ a: "x-y" }));
    assert.notEqual(uid({ a: "3" }), uid({ a: 3 }));
    assert.notEqual(uid({ a: null }), uid({ a: "null" }));
    assert.notEqual(uid({ a: { b: 1 } }), uid({ "a.b": 1 }));
    assert.notEqual(uid({ a: "x".repeat(300) }), uid({ a: `${"x".repeat(299)}y` }));
    assert.notEqual(uid({ a: "b,c" }), uid({ a: "b", c: undefined, "a,c": "" }));
    assert.notEqual(uid(new Float32Array([1])), uid(new Float64Array([1])));
  });

  it("gives the full digest of the exact form with the uid, for keys that must never collide", async () => {
    const { uidWithDigest } = await import("./index.js");
    const { uid: id, digest } = uidWithDigest({ a: 1.001 });
    assert.equal(id, uid({ a: 1.001 }));
    assert.match(digest, /^[0-9a-f]{32}$/);
    assert.ok(id.endsWith(digest.slice(0, 8)));
    assert.notEqual(uidWithDigest({ a: 1.002 }).digest, digest);
  });

  it("formats floats with 2 decimals, or scientific outside 1e-3..1e4", () => {
    assert.equal(formatFloat(1.5), "1.50");
    assert.equal(formatFloat(1e-5), "1.00e-05");
    assert.equal(formatFloat(-2.5e7), "-2.50e+07");
    assert.equal(formatFloat(1.234e100), "1.23e+100");
  });

  it("names the path of values without a canonical form", () => {
    const cases: [unknown, string][] = [
      [{ a: { f: () => 1 } }, "/a/f"],
      [{ s: Symbol("x") }, "/s"],
      [{ d: new Date(0) }, "/d"],
      [{ m: [new Map()] }, "/m/0"],
      [{ n: Number.POSITIVE_INFINITY }, "/n"],
    ];
    for (const [input, path] of cases) {
      assert.throws(
        () => uid(input),
        (error: unknown) => error instanceof ConfigError && error.issues[0]?.path === path,
      );
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.throws(() => uid(cyclic), /cyclic reference/);
  });
});

describe("uid of configs", () => {
  class A12 extends Config({ x: Type.Integer({ default: 12 }) }) {}
  class Holder extends Config({ a: A12.field({ x: 13 }) }) {}

  it("drops a nested config equal to its field default, keeps one equal to its class default", () => {
    assert.equal(uid(new Holder({ a: { x: 11 } })), uid({ a: { x: 11 } }));
    assert.deepEqual(toConfig(new Holder({ a: { x: 12 } }), { uid: true, excludeDefaults: true }), { a: {} });
    assert.equal(uid(new Holder({ a: { x: 13 } })), "default");
    assert.equal(uid(new Holder({})), "default");
  });

  it("keeps required nested configs even when empty", () => {
    class Req extends Config({ a: A12 }) {}
    assert.deepEqual(toConfig(new Req({ a: {} }), { uid: true, excludeDefaults: true }), { a: {} });
    assert.equal(uid(new Req({ a: {} })), uid({ a: {} }));
  });

  it("leaves out excluded fields and infra fields other than version", () => {
    class Infra extends Config(
      {
        version: Type.String({ default: "0" }),
        folder: Type.Optional(Type.String()),
        gpus: Type.Number({ default: 0 }),
      },
      { excludeFromUid: ["folder", "gpus"], inheritFieldDefault: true },
    ) {}
    class Task extends Config(
      {
        coeff: Type.Number({ default: 1 }),
        device: Type.String({ default: "cpu" }),
        infra: Infra.field({ version: "1" }),
      },
      { excludeFromUid: ["device"] },
    ) {}
    const base = new Task({ coeff: 3, infra: { folder: "/a", gpus: 2 } });
    assert.equal(uid(base), uid({ coeff: 3 }));
    assert.equal(uid(new Task({ coeff: 3, device: "cuda", infra: { folder: "/b" } })), uid(base));
    assert.equal(
      uid(new Task({ coeff: 3, infra: { version: "2" } })),
      uid({ coeff: 3, infra: { version: "2" } }),
    );
    assert.deepEqual(toConfig(base, { uid: true }), { coeff: 3, infra: { version: "1" } });
    assert.deepEqual(toConfig(base), {
      coeff: 3,
      device: "cpu",
      infra: { version: "1", folder: "/a", gpus: 2 },
    });
  });

  it("always keeps discriminator tags of nested union members", () => {
    class Mult extends Config({
      type: Type.Literal("Mult", { default: "Mult" }),
      coeff: Type.Number({ default: 1 }),
    }) {}
    class Add extends Config({
      type: Type.Literal("Add", { default: "Add" }),
      value: Type.Number({ default: 0 }),
    }) {}
    class Exp extends Config({ steps: Type.Array(OneOf([Mult, Add], "type")) }) {}
    const exp = new Exp({
      steps: [
        { type: "Mult", coeff: 3 },
        { type: "Add", value: 12 },
      ],
    });
    assert.equal(
      uid(exp),
      uid({
        steps: [
          { coeff: 3, type: "Mult" },
          { type: "Add", value: 12 },
        ],
      }),
    );
    assert.match(uid(exp), /^steps=\(\{coeff=3,type=Mult\},\{type=Add,value=12\}\)-[0-9a-f]{8}$/);
    assert.equal(uid(new Mult({ coeff: 3 })), uid({ coeff: 3 }), "a top-level tag is not forced");
  });

  it("is cached per instance and equal for equal configs", () => {
    const a = new Holder({ a: { x: 1 } });
    assert.equal(uid(a), uid(a));
    assert.equal(uid(a), uid(new Holder({ a: { x: 1 } })));
  });
});

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint"
    ? `${value}n`
    : ArrayBuffer.isView(value)
      ? `<${value.constructor.name}>`
      : value;
}

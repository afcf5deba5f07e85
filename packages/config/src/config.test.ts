import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Config,
  ConfigError,
  defineConfig,
  fromYaml,
  isConfig,
  OneOf,
  Type,
  toConfig,
  toYaml,
} from "./index.js";

class MyModel extends Config({ x: Type.Integer(), y: Type.String({ default: "blublu" }) }) {}
class Parent extends Config({ data: MyModel }) {}

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return [...error.issues];
  }
  assert.fail("expected a ConfigError");
}

describe("the pydantic part of the exca tutorial, in TypeScript", () => {
  it("fills defaults and validates types", () => {
    const m = new MyModel({ x: 12 });
    assert.equal(m.x, 12);
    assert.equal(m.y, "blublu");
    const issues = issuesOf(() => new MyModel({ x: "wrong" as never }));
    assert.deepEqual(issues, [{ path: "/x", message: 'expected integer, got "wrong"' }]);
  });

  it("forbids extra fields by default", () => {
    const issues = issuesOf(() => new MyModel({ x: 1, nope: 2 } as never));
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.path, "/nope");
    assert.match(issues[0]?.message ?? "", /unknown field "nope".*accepts: x, y/);
  });

  it("builds nested configs from plain data", () => {
    const parent = new Parent({ data: { x: 12 } });
    assert.ok(parent.data instanceof MyModel);
    assert.equal(parent.data.y, "blublu");
  });

  it("loads a config from YAML", () => {
    const parent = fromYaml(Parent, "data:\n  x: 12\n  y: hello\n");
    assert.ok(parent.data instanceof MyModel);
    assert.deepEqual(toConfig(parent), { data: { x: 12, y: "hello" } });
    assert.deepEqual(toConfig(fromYaml(Parent, "data.x: 3\n")), { data: { x: 3, y: "blublu" } });
  });
});

describe("Config", () => {
  it("reports every issue with its path, expected and given", () => {
    class Deep extends Config({ parent: Parent, list: Type.Array(MyModel.field()), n: Type.Number() }) {}
    const issues = issuesOf(() => new Deep({ parent: { data: { x: 1.5 } }, list: [{ y: 3 }] } as never));
    assert.deepEqual(issues, [
      { path: "/n", message: "missing required field" },
      { path: "/parent/data/x", message: "expected integer, got 1.5" },
      { path: "/list/0/x", message: "missing required field" },
      { path: "/list/0/y", message: "expected string, got 3" },
    ]);
  });

  it("deep-freezes instances and copies inputs and defaults", () => {
    const tags = ["a"];
    class Tagged extends Config({
      tags: Type.Array(Type.String()),
      opts: Type.Object({ k: Type.Number() }, { default: { k: 1 } }),
    }) {}
    const first = new Tagged({ tags });
    const second = new Tagged({ tags });
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.tags) && Object.isFrozen(first.opts));
    assert.notEqual(first.tags, tags, "input arrays are copied, not frozen in place");
    assert.equal(Object.isFrozen(tags), false);
    assert.notEqual(first.opts, second.opts, "defaults are per instance");
    assert.throws(() => {
      (first as { tags: string[] }).tags.push("b");
    }, TypeError);
    assert.throws(() => {
      (first as { opts: unknown }).opts = {};
    }, TypeError);
  });

  it("holds configs in arrays, records, optional and nullable fields", () => {
    class Holder extends Config({
      list: Type.Array(MyModel.field()),
      byName: Type.Record(Type.String(), MyModel.field()),
      maybe: Type.Optional(MyModel.field()),
      nullable: Type.Union([MyModel.field(), Type.Null()], { default: null }),
    }) {}
    const h = new Holder({ list: [{ x: 1 }], byName: { a: { x: 2 } }, nullable: { x: 3 } });
    assert.ok(h.list[0] instanceof MyModel && h.byName.a instanceof MyModel && h.nullable instanceof MyModel);
    assert.equal(h.maybe, undefined);
    assert.equal(new Holder({ list: [], byName: {} }).nullable, null);
    const existing = new MyModel({ x: 9 });
    assert.equal(
      new Holder({ list: [existing], byName: {} }).list[0],
      existing,
      "instances are kept as they are",
    );
  });

  it("rejects a primitive where a nested config is expected", () => {
    assert.deepEqual(
      issuesOf(() => new Parent({ data: 3 as never })),
      [{ path: "/data", message: "expected an object for MyModel, got 3" }],
    );
  });

  it("rejects an instance of another config class where one is expected", () => {
    class Other extends Config({ x: Type.Integer() }) {}
    const issues = issuesOf(() => new Parent({ data: new Other({ x: 1 }) as never }));
    assert.match(issues[0]?.message ?? "", /expected MyModel, got Other instance/);
  });

  it("dispatches discriminated unions on their tag and lists options for an unknown tag", () => {
    class A extends Config({ kind: Type.Literal("a"), v: Type.Number({ default: 1 }) }) {}
    class B extends Config({ kind: Type.Literal("b"), w: Type.Number({ default: 2 }) }) {}
    class Exp extends Config({ model: OneOf([A, B], "kind") }) {}
    assert.ok(new Exp({ model: { kind: "b" } }).model instanceof B);
    assert.ok(new Exp({ model: { kind: "a", v: 3 } }).model instanceof A);
    assert.deepEqual(
      issuesOf(() => new Exp({ model: { kind: "c" } } as never)),
      [{ path: "/model/kind", message: 'unknown kind "c": expected one of "a", "b"' }],
    );
    assert.match(
      issuesOf(() => new Exp({ model: { v: 1 } } as never))[0]?.message ?? "",
      /missing tag "kind"/,
    );
    // @ts-expect-error the compiler refuses it too: MyModel has no literal field "kind"
    assert.throws(() => OneOf([A, MyModel], "kind"), /MyModel needs a literal tag field "kind"/);
  });

  it("OneOf with a default: the field may be left out, the default is checked where it is written", () => {
    class A extends Config({ kind: Type.Literal("a"), v: Type.Number({ default: 1 }) }) {}
    class B extends Config({ kind: Type.Literal("b"), w: Type.Number() }) {}
    class Exp extends Config({ model: OneOf([A, B], "kind", { default: { kind: "b", w: 2 } }) }) {}
    const exp = new Exp();
    assert.ok(exp.model instanceof B);
    assert.equal(exp.model.w, 2);
    assert.ok(new Exp({ model: { kind: "a" } }).model instanceof A);
    // Equal to the default: left out of the uid export; another member: kept, with its tag.
    assert.deepEqual(toConfig(exp, { uid: true, excludeDefaults: true }), {});
    assert.deepEqual(toConfig(new Exp({ model: { kind: "a" } }), { excludeDefaults: true }), {
      model: { kind: "a" },
    });
    const bad = issuesOf(() => OneOf([A, B], "kind", { default: { kind: "b" } as never }));
    assert.deepEqual(bad, [{ path: "/w", message: "missing required field" }]);
  });

  it("refuses a union of configs without a tag", () => {
    class A extends Config({ v: Type.Number() }) {}
    class Bad extends Config({ m: Type.Union([A.field(), MyModel.field()]) }) {}
    assert.throws(() => new Bad({ m: { v: 1 } }), /needs a tag: use OneOf/);
  });

  it("fills defaults inside plain nested objects and arrays of objects", () => {
    const Point = Type.Object({
      x: Type.Number({ default: 1 }),
      tags: Type.Array(Type.String(), { default: [] }),
    });
    class Shape extends Config({ center: Point, corners: Type.Array(Point, { default: [] }) }) {}
    const input = { center: {}, corners: [{ x: 5 }, {}] };
    const shape = new Shape(input);
    assert.deepEqual(toConfig(shape), {
      center: { x: 1, tags: [] },
      corners: [
        { x: 5, tags: [] },
        { x: 1, tags: [] },
      ],
    });
    assert.deepEqual(input, { center: {}, corners: [{ x: 5 }, {}] }, "the input is not changed");
  });

  it("keeps extra fields when extra is allowed", () => {
    class Loose extends Config({ a: Type.Number() }, { extra: "allow" }) {}
    const loose = new Loose({ a: 1, b: { c: 2 } } as never) as Loose & { b: { c: number } };
    assert.deepEqual(toConfig(loose), { a: 1, b: { c: 2 } });
    assert.ok(Object.isFrozen(loose.b));
  });

  it("rejects values without a JSON form, naming the path and the fix", () => {
    class Anything extends Config({ v: Type.Any() }) {}
    assert.match(
      issuesOf(() => new Anything({ v: new Date(0) }))[0]?.message ?? "",
      /Date instance.*ISO string/,
    );
    assert.match(
      issuesOf(() => new Anything({ v: new Map() }))[0]?.message ?? "",
      /Map instance.*Type.Record/,
    );
    assert.match(issuesOf(() => new Anything({ v: { f: () => 1 } }))[0]?.path ?? "", /^\/v\/f$/);
    assert.match(
      issuesOf(() => new Anything({ v: [Number.NaN] }))[0]?.message ?? "",
      /non-finite number NaN/,
    );
    assert.match(issuesOf(() => new Anything({ v: 1n }))[0]?.message ?? "", /1n is not supported/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.deepEqual(
      issuesOf(() => new Anything({ v: cyclic })),
      [{ path: "/v/self", message: "cyclic reference" }],
    );
    assert.equal(
      issuesOf(() => new Anything(JSON.parse('{"v": {"__proto__": {"x": 1}}}')))[0]?.message,
      "forbidden key",
    );
  });

  it("validates a field's default input when the field is declared", () => {
    assert.throws(() => MyModel.field({ x: "nope" as never }), ConfigError);
  });

  it("inherits a field's default input when the class asks for it", () => {
    class Infra extends Config(
      { version: Type.String({ default: "0" }), folder: Type.Optional(Type.String()) },
      { inheritFieldDefault: true },
    ) {}
    class Task extends Config({
      infra: Infra.field({ version: "1" }),
      plain: MyModel.field({ x: 3, y: "z" }),
    }) {}
    const task = new Task({ infra: { folder: "/tmp" }, plain: { x: 4 } });
    assert.equal(task.infra.version, "1");
    assert.equal(task.infra.folder, "/tmp");
    assert.equal(task.plain.y, "blublu", "ordinary nested configs do not inherit");
  });

  it("exposes a static JSON schema with nested configs inlined", () => {
    const schema = JSON.parse(JSON.stringify(Parent.schema));
    assert.equal(schema.type, "object");
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ["data"]);
    assert.deepEqual(schema.properties.data.properties.y, { type: "string", default: "blublu" });
  });

  it("has a class form for plain JavaScript", () => {
    const Point = defineConfig("Point", { x: Type.Number({ default: 0 }) });
    const point = new Point({});
    assert.equal(Point.name, "Point");
    assert.equal(point.x, 0);
    assert.ok(isConfig(point));
    assert.equal(isConfig({ x: 0 }), false);
  });

  it("rejects excludeFromUid names that are not fields", () => {
    // @ts-expect-error the compiler refuses it too: b is not a field
    class Wrong extends Config({ a: Type.Number() }, { excludeFromUid: ["b"] }) {}
    assert.throws(() => new Wrong({ a: 1 }), /excludeFromUid names unknown field "b"/);
  });

  it("round-trips through YAML", () => {
    class Rich extends Config({
      parent: Parent,
      list: Type.Array(Type.Number()),
      map: Type.Record(Type.String(), Type.String()),
      flag: Type.Boolean({ default: false }),
    }) {}
    const rich = new Rich({ parent: { data: { x: 1 } }, list: [1, 2.5], map: { "a b": "c: d" }, flag: true });
    assert.deepEqual(toConfig(fromYaml(Rich, toYaml(rich))), toConfig(rich));
  });
});

describe("onParent", () => {
  it("tells an instance its parent, and gives each parent its own copy", () => {
    const parents = new WeakMap<object, [object, string]>();
    class Infra extends Config(
      { version: Type.String({ default: "0" }) },
      { onParent: (instance, parent, key) => parents.set(instance, [parent, key]) },
    ) {}
    class Task extends Config({ infra: Infra.field({}) }) {}
    const shared = new Infra({ version: "2" });
    const a = new Task({ infra: shared });
    const b = new Task({ infra: shared });
    assert.notEqual(a.infra, b.infra);
    assert.equal(a.infra.version, "2");
    assert.deepEqual(parents.get(a.infra), [a, "infra"]);
    assert.deepEqual(parents.get(b.infra), [b, "infra"]);
    assert.deepEqual(parents.get(new Task({}).infra)?.[1], "infra");
  });
});

describe("negative zero", () => {
  it("is stored as 0, as uids, JSON, YAML and msgpack see it", () => {
    class Zero extends Config({
      n: Type.Number({ default: 1 }),
      list: Type.Array(Type.Number(), { default: [] }),
    }) {}
    const zero = new Zero({ n: -0, list: [-0, 2] });
    assert.ok(Object.is(zero.n, 0));
    assert.ok(Object.is(zero.list[0], 0));
  });
});

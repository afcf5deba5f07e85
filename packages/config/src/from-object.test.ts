import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Config, ConfigError, fromObject, Type } from "./index.js";

class Model extends Config({ x: Type.Integer(), inner: Type.Object({ k: Type.Number({ default: 1 }) }) }) {}

describe("fromObject", () => {
  it("builds a config from data typed only at run time, nested or dotted keys", () => {
    const data: Record<string, unknown> = JSON.parse('{ "x": 3, "inner.k": 2 }');
    const model = fromObject(Model, data);
    assert.ok(model instanceof Model);
    assert.equal(model.x, 3);
    assert.equal(model.inner.k, 2);
  });

  it("reports bad data as a ConfigError naming the field", () => {
    assert.throws(
      () => fromObject(Model, { inner: {} }),
      (error) => error instanceof ConfigError && error.issues[0]?.path === "/x",
    );
    assert.throws(
      () => fromObject(Model, [1]),
      (error) => error instanceof ConfigError && /Model input.*expected a mapping/s.test(error.message),
    );
  });
});

describe("exca's Type", () => {
  it("is TypeBox's builder, and a schema's default is on the schema object as its type says", async () => {
    const { Type: TypeBoxType } = await import("./vendor.js");
    assert.equal(Type, TypeBoxType);
    const schema = Type.Integer({ default: 3 });
    assert.equal(schema.default, 3);
  });
});

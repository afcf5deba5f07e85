import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Config, ConfigError, fromYaml, Type, toYaml } from "./index.js";

class Model extends Config({ x: Type.Integer(), name: Type.String({ default: "n" }) }) {}

function issueOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return `${error.issues[0]?.path}|${error.issues[0]?.message}`;
  }
  return assert.fail("expected a ConfigError");
}

describe("YAML", () => {
  it("writes sorted keys and reads them back", () => {
    const text = toYaml(new Model({ x: 3, name: "b" }));
    assert.equal(text, "name: b\nx: 3\n");
    assert.equal(fromYaml(Model, text).x, 3);
  });

  it("reports syntax errors with their line, and validation errors with their path", () => {
    assert.match(
      issueOf(() => fromYaml(Model, "x: 1\n  y: [\n")),
      /^\|line \d+: /,
    );
    assert.equal(
      issueOf(() => fromYaml(Model, "x: nope\n")),
      '/x|expected integer, got "nope"',
    );
    assert.equal(
      issueOf(() => fromYaml(Model, "- 1\n")),
      "|expected a mapping at the top level",
    );
    assert.equal(
      issueOf(() => fromYaml(Model, "")),
      "|expected a mapping at the top level",
    );
    assert.match(
      issueOf(() => fromYaml(Model, "x: 1\nx: 2\n")),
      /unique/i,
    );
  });

  it("never runs code or builds objects from tags", () => {
    assert.match(
      issueOf(() => fromYaml(Model, "x: !!js/function 'function(){}'\n")),
      /tag/i,
    );
    assert.match(
      issueOf(() => fromYaml(Model, "x: !custom 1\n")),
      /tag/i,
    );
    const bomb = `a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [${"*a,".repeat(9)}*a]\nc: &c [${"*b,".repeat(9)}*b]\nd: [${"*c,".repeat(200)}*c]\n`;
    assert.throws(() => fromYaml(Model, bomb), ConfigError);
  });
});

describe("the YAML emitter", () => {
  it("writes a key holding undefined as absent, at any depth, as JSON does", async () => {
    const { emitYaml } = await import("./yaml-emit.js");
    const { simplify } = await import("./index.js");
    assert.equal(emitYaml({ a: undefined }), emitYaml({}));
    assert.equal(emitYaml({ a: { b: undefined } }), emitYaml({ a: {} }));
    assert.equal(emitYaml([{ a: undefined }]), emitYaml([{}]));
    assert.equal(emitYaml(simplify({ a: { b: undefined }, c: 1 })), emitYaml(simplify({ a: {}, c: 1 })));
  });

  it("reads back exactly what it wrote, for any JSON data", async () => {
    const fc = (await import("fast-check")).default;
    const { parseYaml } = await import("./index.js");
    const { emitYaml } = await import("./yaml-emit.js");
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const normalized = JSON.parse(JSON.stringify(value)) as unknown;
        assert.deepEqual(parseYaml(emitYaml(normalized)), normalized);
      }),
      { numRuns: 2000 },
    );
    for (const tricky of [
      "true",
      "No",
      "~",
      "12",
      "1e3",
      "0x1F",
      " lead",
      "trail ",
      "a: b",
      "#c",
      "- x",
      "",
      "null",
      ".inf",
      "@at",
    ]) {
      assert.deepEqual(parseYaml(emitYaml({ [tricky]: tricky, list: [tricky, [tricky]] })), {
        [tricky]: tricky,
        list: [tricky, [tricky]],
      });
    }
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { ConfDict, Config, ConfigError, fromYaml, OneOf, Type, toConfig, toYaml, uid } from "./index.js";

class Leaf extends Config({ kind: Type.Literal("leaf"), v: Type.Number({ default: 0 }) }) {}
class Other extends Config({ kind: Type.Literal("other"), s: Type.String({ default: "" }) }) {}
class Fuzzed extends Config({
  n: Type.Integer({ default: 1 }),
  s: Type.Optional(Type.String()),
  list: Type.Array(Leaf.field(), { default: [] }),
  rec: Type.Record(Type.String(), Type.Number(), { default: {} }),
  pick: OneOf([Leaf, Other], "kind"),
  any: Type.Optional(Type.Any()),
}) {}

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withNullPrototype: true,
  withSparseArray: true,
  withObjectString: true,
});

/** Runs fn; only success or a ConfigError is acceptable. */
function onlyConfigErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    assert.ok(error.issues.length > 0);
    for (const issue of error.issues) assert.equal(typeof issue.path, "string");
  }
}

describe("fuzzing: nothing but ConfigError escapes", () => {
  it("new Config(random input)", () => {
    fc.assert(
      fc.property(
        fc.oneof(anything, fc.record({ n: anything, pick: anything, list: anything, any: anything })),
        (input) => {
          onlyConfigErrors(() => {
            const made = new Fuzzed(input as never);
            assert.equal(uid(made), uid(new Fuzzed(toConfig(made) as never)));
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("uid(random value)", () => {
    fc.assert(
      fc.property(anything, (value) =>
        onlyConfigErrors(() => assert.match(uid(value), /^(default|.+-[0-9a-f]{8})$/s)),
      ),
      { numRuns: 1500 },
    );
  });

  it("fromYaml(random text) and fromYaml(YAML of random JSON)", () => {
    const yamlOfJson = fc.jsonValue().map((value) => stringify(value));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), yamlOfJson), (text) => {
        onlyConfigErrors(() => fromYaml(Fuzzed, text));
        onlyConfigErrors(() => ConfDict.fromYaml(text));
      }),
      { numRuns: 1500 },
    );
  });

  it("valid random configs round-trip through YAML with the same uid", () => {
    const valid = fc.record({
      n: fc.integer(),
      list: fc.array(
        fc.record({ kind: fc.constant("leaf"), v: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
      ),
      rec: fc.dictionary(
        fc.string().filter((k) => !k.includes(".") && k !== "__proto__"),
        fc.integer(),
      ),
      pick: fc.constant({ kind: "other", s: "x" }),
    });
    fc.assert(
      fc.property(valid, (input) => {
        const made = new Fuzzed(input as never);
        assert.equal(uid(fromYaml(Fuzzed, toYaml(made))), uid(made));
      }),
      { numRuns: 500 },
    );
  });
});

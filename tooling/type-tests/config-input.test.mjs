// The run-time direction of cases/config-input.ts: the table that tsc checks (accepted cases compile,
// refused ones carry a needed `@ts-expect-error`) is run here, so the compiler and the run time agree
// on the very same inputs. Each refused case must fail with a ConfigError naming its field.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tsImport } from "tsx/esm/api";

const { accepted, refused, ConfigError } = await tsImport("./cases/config-input.ts", import.meta.url);

describe("config inputs: the run time agrees with the compiler", () => {
  it("has cases in both lists", () => {
    assert.ok(accepted.length > 10 && refused.length > 10);
  });

  for (const { name, build } of accepted) {
    it(`accepts: ${name}`, () => {
      assert.equal(typeof build(), "object");
    });
  }

  for (const { name, path, build } of refused) {
    it(`refuses: ${name}`, () => {
      assert.throws(build, (error) => {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        const paths = error.issues.map((issue) => issue.path);
        assert.ok(paths.includes(path), `expected an issue at ${path}, got ${JSON.stringify(error.issues)}`);
        return true;
      });
    });
  }
});

// Hostile YAML costs linear time (issue 17, finding 9): many keys, many aliases, duplicates found late.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "./errors.js";
import { parseYaml } from "./yaml-io.js";

function timed<T>(run: () => T): { value?: T; error?: unknown; ms: number } {
  const start = performance.now();
  try {
    return { value: run(), ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

describe("YAML from files others may write", () => {
  // With the yaml package's own check, 40k keys took 15.7 s here; checked with a set, 1.1 s.
  it("parses 40 000 keys in linear time, and finds a duplicate among them, naming its line", () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}\n`).join("");
    const parsed = timed(() => parseYaml(keys, "big.yaml") as Record<string, number>);
    assert.equal(parsed.value?.k39999, 39999);
    assert.ok(parsed.ms < 5000, `40k keys took ${Math.round(parsed.ms)} ms`);
    const duplicated = timed(() => parseYaml(`${keys}k17: again\n`, "big.yaml"));
    assert.ok(duplicated.error instanceof ConfigError);
    assert.match(String(duplicated.error), /line 40001: Map keys must be unique \(k17\)/);
    assert.ok(duplicated.ms < 5000, `took ${Math.round(duplicated.ms)} ms`);
  });

  it("refuses more than 100 aliases quickly, whatever they point to", () => {
    const anchor = `a: &a [${Array.from({ length: 1000 }, (_, i) => i).join(", ")}]\n`;
    const aliases = Array.from({ length: 20_000 }, (_, i) => `b${i}: *a\n`).join("");
    const result = timed(() => parseYaml(anchor + aliases, "aliases.yaml"));
    assert.match(String(result.error), /aliases\.yaml.*line \d+: more than 100 aliases/s);
    assert.ok(result.ms < 5000, `took ${Math.round(result.ms)} ms`);
    assert.deepEqual(parseYaml("a: &x {y: 1}\nb: *x\n"), { a: { y: 1 }, b: { y: 1 } });
  });
});

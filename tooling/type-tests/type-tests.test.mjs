// The type-test suite: every file in cases/ is compiled by tsc (strict, the repo's base options).
// A probe (`// @ts-expect-error` above a line) must be needed: tsc fails on an unused one. Each probe is
// also checked alone: with its comment removed, tsc must report an error on that very line, so that a
// probe cannot pass because of an unrelated error elsewhere in the file.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const TSC = join(HERE, "..", "..", "node_modules", ".bin", "tsc");
const CASES = join(HERE, "cases");
/** Inside the package, so that `exca` and `@exca/*` resolve as they do for the cases. */
const PROBES = join(HERE, ".probes");
const PROBE = /^\s*\/\/ @ts-expect-error\b/;

function tsc(args) {
  return new Promise((resolve) => {
    execFile(TSC, args, { cwd: HERE, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
    });
  });
}

const cases = readdirSync(CASES).filter((name) => name.endsWith(".ts"));

describe("type tests", () => {
  it("has case files with probes", () => {
    assert.ok(cases.length > 0, "no case file in tooling/type-tests/cases");
    for (const name of cases) {
      const probes = readFileSync(join(CASES, name), "utf8")
        .split("\n")
        .filter((line) => PROBE.test(line));
      assert.ok(probes.length > 0, `${name} has no @ts-expect-error probe`);
    }
  });

  it("every case compiles, every probe is needed", async () => {
    const { code, output } = await tsc(["-p", "tsconfig.json"]);
    assert.equal(code, 0, `tsc failed on tooling/type-tests:\n${output}`);
  });

  it("each probe's own line fails to compile when its comment is removed", async () => {
    rmSync(PROBES, { recursive: true, force: true });
    mkdirSync(PROBES);
    try {
      // One file per case with every probe comment removed: each probed line must appear in tsc's errors.
      const expected = [];
      for (const name of cases) {
        const lines = readFileSync(join(CASES, name), "utf8").split("\n");
        const out = [];
        for (const line of lines) {
          if (PROBE.test(line)) {
            out.push("");
            expected.push({ file: name, line: out.length + 1 });
          } else out.push(line);
        }
        writeFileSync(join(PROBES, name), out.join("\n"));
      }
      writeFileSync(
        join(PROBES, "tsconfig.json"),
        JSON.stringify({ extends: "../tsconfig.json", include: [], files: cases }),
      );
      const { output } = await tsc(["-p", join(PROBES, "tsconfig.json"), "--pretty", "false"]);
      const failed = new Set(
        [...output.matchAll(/([\w.-]+\.ts)\((\d+),\d+\): error/g)].map((m) => `${m[1]}:${m[2]}`),
      );
      const missing = expected.filter(({ file, line }) => !failed.has(`${file}:${line}`));
      assert.deepEqual(missing, [], `probes whose line compiles without the comment:\n${output}`);
    } finally {
      rmSync(PROBES, { recursive: true, force: true });
    }
  });
});

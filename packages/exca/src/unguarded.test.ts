import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { tempFolders } from "@exca/test-utils";

const SCRIPT = fileURLToPath(new URL("./test-fixtures/unguarded.js", import.meta.url));
const temp = tempFolders("unguarded");

describe("a script without the isMain guard", () => {
  it("fails at once, the job's error naming the module and the fix (issue 12.10)", async () => {
    const started = Date.now();
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [...process.execArgv, SCRIPT, temp.root],
        { timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: Number(error?.code ?? 0), output: `${stdout}${stderr}` }),
      );
    });
    assert.notEqual(code, 0, output);
    assert.match(output, /TaskError/);
    assert.match(
      output,
      /Unguarded\.process\(\) was called by the top-level code of \S*unguarded\.js while a job imported that module/,
    );
    assert.match(output, /isMain\(import\.meta\.url\)/);
    assert.ok(Date.now() - started < 30_000, "no recursion of workers");
  });
});

// The demo ends with a command to inspect its cache: it must work pasted where the user stands.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { inspectCommand } from "./hint.js";
import { TutorialTask } from "./tutorial.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const APP = fileURLToPath(new URL("..", import.meta.url));
// Inside the app, as the demo's .exca-cache is.
const cache = mkdtempSync(join(APP, ".hint-run-"));
const elsewhere = mkdtempSync(join(tmpdir(), "exca-hint-"));
after(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

function shell(command: string, cwd: string): Promise<{ code: number; output: string }> {
  const env = { ...process.env };
  delete env.EXCA_USER_CWD;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile("bash", ["-c", command], { cwd, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
    });
  });
}

describe("the demo's closing hint", () => {
  it("works pasted at the repository root, in the examples app and elsewhere (issue 12.14)", async () => {
    await new TutorialTask({ param: 2, infra: { folder: cache } }).process();
    const commands = new Map([
      [ROOT, inspectCommand(cache, ROOT, ROOT)],
      [APP, inspectCommand(cache, APP, ROOT)],
      [elsewhere, inspectCommand(cache, elsewhere, ROOT)],
    ]);
    assert.match(commands.get(ROOT)!, /^bash tooling\/dev\.sh exca ls apps\/examples\/\.hint-run-\w+$/);
    assert.match(commands.get(APP)!, /^npx exca ls \.hint-run-\w+$/);
    for (const [cwd, command] of commands) {
      const { code, output } = await shell(command, cwd);
      assert.equal(code, 0, `${command} (in ${cwd}) failed:\n${output}`);
      assert.match(
        output,
        /TutorialTask\.process\s+1\s+param=2-[0-9a-f]{8}\s+completed/,
        `${command} in ${cwd}`,
      );
    }
  });
});

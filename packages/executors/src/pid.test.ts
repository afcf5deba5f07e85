import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isProcessAlive, processStartTime } from "./index.js";

describe("isProcessAlive", { timeout: 30_000 }, () => {
  it("tells a live process, a reused pid and a zombie apart", async () => {
    assert.equal(isProcessAlive(process.pid, processStartTime(process.pid)), true);
    assert.equal(isProcessAlive(process.pid, "1"), false, "another start time: a reused pid");
    // The shell starts a short child, then becomes `sleep`, which never reaps it: a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.05 & echo $!; exec sleep 5"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    try {
      const pid = Number(
        await new Promise<string>((resolve) => parent.stdout.once("data", (data) => resolve(String(data)))),
      );
      const start = processStartTime(pid);
      for (let i = 0; i < 100 && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z "); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.match(readFileSync(`/proc/${pid}/stat`, "utf8"), /\) Z /, "the child is a zombie");
      assert.equal(isProcessAlive(pid), false);
      assert.equal(isProcessAlive(pid, start), false);
    } finally {
      parent.kill("SIGKILL");
    }
  });
});

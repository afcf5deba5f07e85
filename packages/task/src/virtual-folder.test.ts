// Issue 17, finding 9: a folder under /proc is refused at once (Node's recursive mkdir never returns
// there), and a FIFO planted in place of a task's job.json or YAML files does not hang process().
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CacheError } from "@exca/storage";
import { TutorialTask } from "./test-fixtures/tasks.js";

const root = mkdtempSync(join(tmpdir(), "exca-task-fifo-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("hostile folders", () => {
  it("refuses a folder under /proc or /sys with a CacheError naming it", { timeout: 10_000 }, async () => {
    for (const folder of ["/proc/exca-cache", "/sys/exca/cache"]) {
      const task = new TutorialTask({ param: 2, infra: { folder } });
      await assert.rejects(task.process(), (error: Error) => {
        assert.ok(error instanceof CacheError);
        assert.match(error.message, /is a kernel file system; choose a folder on a disk/);
        return true;
      });
    }
  });

  it("computes a task whose job.json, uid.yaml and config.yaml are FIFOs", { timeout: 20_000 }, async () => {
    const task = new TutorialTask({ param: 3, infra: { folder: join(root, "fifo") } });
    const uidFolder = task.infra.uidFolder();
    mkdirSync(uidFolder, { recursive: true });
    for (const name of ["job.json", "uid.yaml", "config.yaml"])
      execFileSync("mkfifo", [join(uidFolder, name)]);
    assert.equal(typeof (await task.process()), "number");
  });
});

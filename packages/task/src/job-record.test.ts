// Issue 17, finding 6: a job found from its record (job.json, which others may write) has its logs read
// only inside the task's logs folder: a crafted record naming a secret file of the user's reads as "".
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TutorialTask } from "./test-fixtures/tasks.js";

const root = mkdtempSync(join(tmpdir(), "exca-job-record-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("a job found from its record", () => {
  it("reads its logs inside the logs folder only", async () => {
    const secret = join(root, "secret.txt");
    writeFileSync(secret, "TOP-SECRET\n", { mode: 0o600 });
    const task = new TutorialTask({ param: 9, infra: { folder: join(root, "cache") } });
    const uidFolder = task.infra.uidFolder();
    mkdirSync(join(uidFolder, "logs"), { recursive: true });
    writeFileSync(join(uidFolder, "logs", "x.err"), "a log line\n");
    const record = {
      executor: "process",
      jobId: "p-elsewhere",
      host: "elsewhere",
      submittedAt: new Date().toISOString(),
      stdoutPath: secret,
      stderrPath: join(uidFolder, "logs", "x.err"),
    };
    const owner = { pid: 4242, pidStart: "1", host: "elsewhere" };
    const claim = { executor: "process", claimedAt: record.submittedAt, owner, record };
    writeFileSync(join(uidFolder, "job.json"), JSON.stringify(claim));
    const job = await task.infra.job();
    assert.equal(await task.infra.status(), "running");
    assert.equal(await job.stdout(), "");
    assert.equal(await job.stderr(), "a log line\n");
  });
});

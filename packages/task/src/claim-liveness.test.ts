// Task claims expire (issue 17, finding 7): job.json's mtime is the claimer's heartbeat. A claim of
// another host is respected while it is fresh and not once stale (a claim from 2020 is not running); a
// claim naming a live pid with another start time is not running.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { processStartTime } from "@exca/executors";
import { TutorialTask } from "./test-fixtures/tasks.js";

const root = mkdtempSync(join(tmpdir(), "exca-claim-liveness-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A task whose job.json holds a claim by `owner`, with the given mtime. */
function claimed(owner: { pid: number; pidStart: string; host: string }, mtime: Date): TutorialTask {
  const task = new TutorialTask({ param: 7, infra: { folder: join(root, `f${n++}`) } });
  const uidFolder = task.infra.uidFolder();
  mkdirSync(uidFolder, { recursive: true });
  const path = join(uidFolder, "job.json");
  writeFileSync(path, JSON.stringify({ executor: "local", claimedAt: mtime.toISOString(), owner }));
  utimesSync(path, mtime, mtime);
  return task;
}

describe("task claims", () => {
  it("of another host: running while the heartbeat is fresh, not once stale", async () => {
    const elsewhere = { pid: 4242, pidStart: "99", host: "elsewhere" };
    assert.equal(await claimed(elsewhere, new Date()).infra.status(), "running");
    assert.equal(await claimed(elsewhere, new Date("2020-01-01")).infra.status(), "failed");
    const future = new Date(Date.now() + 24 * 3600_000);
    assert.equal(await claimed(elsewhere, future).infra.status(), "failed");
  });

  it("of this host: not running when the pid lives with another start time, or has no start time and no fresh heartbeat", async () => {
    const host = hostname().split(".")[0] ?? "localhost";
    const live = { pid: process.ppid, pidStart: processStartTime(process.ppid) ?? "", host };
    assert.equal(await claimed(live, new Date()).infra.status(), "running");
    assert.equal(await claimed({ ...live, pidStart: "1" }, new Date()).infra.status(), "failed");
    assert.equal(await claimed({ ...live, pidStart: "" }, new Date("2020-01-01")).infra.status(), "failed");
  });
});

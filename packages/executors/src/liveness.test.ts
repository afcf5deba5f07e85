// The one liveness policy (issue 17, finding 7): pid and start time on this host; heartbeat elsewhere, or
// when the start time is unknown; a heartbeat from the future is believed only within the window.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { holderAlive, processStartTime, STALE_AFTER_MS } from "./index.js";
import { HOST } from "./job-id.js";

describe("holderAlive", () => {
  const parent = { pid: process.ppid, pidStart: processStartTime(process.ppid), host: HOST };
  const now = Date.now();

  it("on this host: a live pid with its start time; not a reused pid, not pid 1", () => {
    assert.equal(holderAlive(parent, undefined), true);
    assert.equal(holderAlive({ ...parent, pidStart: "12345" }, now), false, "alive pid, other start time");
    assert.equal(holderAlive({ pid: 1, pidStart: processStartTime(1), host: HOST }, now), false);
  });

  it("on this host: a process that exited is dead, even with a fresh heartbeat", () => {
    const child = spawnSync(process.execPath, ["-e", "0"]);
    assert.equal(child.status, 0);
    const gone = { pid: child.pid, pidStart: "1", host: HOST };
    assert.equal(holderAlive(gone, undefined), false);
    assert.equal(holderAlive({ ...gone, pidStart: "" }, undefined), false, "no start time, no heartbeat");
  });

  it("without a start time, or on another host: while the heartbeat is recent", () => {
    for (const holder of [
      { ...parent, pidStart: "" },
      { pid: 4242, pidStart: "1", host: "elsewhere" },
    ]) {
      assert.equal(holderAlive(holder, undefined), false, "no heartbeat");
      assert.equal(holderAlive(holder, now - 1000), true, "fresh heartbeat");
      assert.equal(holderAlive(holder, now - STALE_AFTER_MS - 1000), false, "stale heartbeat");
      assert.equal(holderAlive(holder, Date.parse("2020-01-01")), false, "from 2020");
      assert.equal(holderAlive(holder, now + 60_000), true, "a minute ahead: clock skew");
      assert.equal(holderAlive(holder, now + STALE_AFTER_MS + 1000), false, "from the future");
    }
  });
});

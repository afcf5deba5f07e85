import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Watched } from "./reader.js";
import type { SlurmStatus } from "./states.js";
import { StateWatcher } from "./watcher.js";

/** A fake state source: every job reads `state`; records what each read asked for. */
function fakeSource(): {
  read: (jobs: readonly Watched[]) => Promise<Map<string, SlurmStatus>>;
  asked: string[][];
  state: string;
} {
  const source = {
    asked: [] as string[][],
    state: "RUNNING",
    read: async (jobs: readonly Watched[]) => {
      source.asked.push(jobs.map((job) => job.id));
      return new Map(jobs.map((job) => [job.id, { state: source.state }]));
    },
  };
  return source;
}

describe("state watcher", () => {
  it("reads all watched jobs in one query per poll, until they end", async () => {
    const source = fakeSource();
    const watcher = new StateWatcher(source.read, { first: 10, max: 40, factor: 2 });
    const ids = Array.from({ length: 50 }, (_, i) => `9_${i}`);
    for (const id of ids) watcher.watch(id, { state: "PENDING" });
    assert.deepEqual(await watcher.status("9_3"), { state: "PENDING" }, "known at submission");
    const ended = Promise.all(ids.map((id) => watcher.ended(id)));
    while (source.asked.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    source.state = "COMPLETED";
    assert.deepEqual(new Set((await ended).map((status) => status.state)), new Set(["COMPLETED"]));
    for (const asked of source.asked) assert.equal(asked.length, 50);
    assert.equal(watcher.polls, source.asked.length);
    assert.equal(watcher.size, 0);
  });

  it("polls at once for a job found again, and remembers the ones that ended", async () => {
    const source = fakeSource();
    source.state = "FAILED";
    const watcher = new StateWatcher(source.read, { first: 60_000, max: 60_000, factor: 1 });
    const start = Date.now();
    assert.deepEqual(await watcher.status("12"), { state: "FAILED" });
    assert.ok(Date.now() - start < 1000, "did not wait for the polling interval");
    assert.deepEqual(await watcher.ended("12"), { state: "FAILED" });
    assert.equal(source.asked.length, 1);
  });

  it("does not end a job requeued after running: REQUEUED and PENDING again, then RUNNING, COMPLETED", async () => {
    const states = ["RUNNING", "REQUEUED", "PENDING", "PENDING", "RUNNING", "COMPLETED"];
    const seen: string[] = [];
    const watcher = new StateWatcher(
      async (jobs) => {
        const state = states[Math.min(seen.length, states.length - 1)]!;
        seen.push(state);
        return new Map(jobs.map((job) => [job.id, { state }]));
      },
      { first: 5, max: 5, factor: 1 },
    );
    watcher.watch("21", { state: "PENDING" });
    let ended = false;
    const final = watcher.ended("21").then((status) => {
      ended = true;
      return status;
    });
    while (seen.length < 4) {
      assert.equal(ended, false, `ended after ${seen.join(" ")}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.deepEqual(await watcher.status("21"), { state: "PENDING" });
    assert.equal(ended, false);
    assert.deepEqual(await final, { state: "COMPLETED" });
    assert.deepEqual(seen, states);
  });

  it("goes on polling when a query fails", async () => {
    let calls = 0;
    const watcher = new StateWatcher(
      async (jobs) => {
        if (++calls === 1) throw new Error("controller down");
        return new Map(jobs.map((job) => [job.id, { state: "COMPLETED" }]));
      },
      { first: 10, max: 10, factor: 1 },
    );
    assert.deepEqual(await watcher.ended("3"), { state: "COMPLETED" });
    assert.equal(calls, 2);
  });
});

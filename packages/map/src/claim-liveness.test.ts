// Map claims and locks expire (issue 17, finding 7), by the one liveness policy of @exca/executors: a lock
// with an empty start time, and a claim of another host with a heartbeat from the future, are taken over
// instead of being waited on forever.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { HOST } from "./owner.js";
import { CountingMap } from "./test-fixtures/maps.js";

const root = mkdtempSync(join(tmpdir(), "exca-map-liveness-"));
after(() => rmSync(root, { recursive: true, force: true }));

describe("map claims and locks", () => {
  it("breaks a lock whose owner has no start time once its heartbeat is stale", {
    timeout: 20_000,
  }, async () => {
    const mapper = new CountingMap({ infra: { folder: join(root, "lock"), cluster: null } });
    const lock = join(mapper.infra.uidFolder(), "inflight", "lock");
    mkdirSync(lock, { recursive: true });
    // A live pid (the test runner), no start time: before, waited on for as long as that process lived.
    writeFileSync(join(lock, "owner"), JSON.stringify({ pid: process.ppid, pidStart: "", host: HOST }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const results = (await mapper.process([1, 2])) as unknown as { value: number }[];
    assert.deepEqual(
      results.map((result) => result.value),
      [2, 4],
    );
  });

  it("takes over the items of another host's claim whose heartbeat is from the future", {
    timeout: 20_000,
  }, async () => {
    const mapper = new CountingMap({ infra: { folder: join(root, "future"), cluster: null } });
    const inflight = join(mapper.infra.uidFolder(), "inflight");
    mkdirSync(inflight, { recursive: true });
    const claim = join(inflight, "elsewhere-1-abc.claim");
    const owner = { pid: 4242, pidStart: "99", host: "elsewhere" };
    writeFileSync(claim, JSON.stringify({ owner, keys: ["item-3"], records: [] }));
    const future = new Date(Date.now() + 24 * 3600_000);
    utimesSync(claim, future, future);
    const results = (await mapper.process([3])) as unknown as { value: number }[];
    assert.equal(results[0]?.value, 6);
  });
});

// Map claims and locks expire (issue 17, finding 7), by the one liveness policy of @exca/executors: a lock
// with an empty start time, and a claim of another host with a heartbeat from the future, are taken over
// instead of being waited on forever. A claim's worker files (see claims.ts) keep it alive while their
// workers live, by the same policy.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { processStartTime } from "@exca/executors";
import { numbersOf, sleep } from "@exca/test-utils";
import { HOST } from "./owner.js";
import { CountingMap } from "./test-fixtures/maps.js";

const root = mkdtempSync(join(tmpdir(), "exca-map-liveness-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A mapper on a fresh folder, with a claim file (owner, keys, no job record) planted in its inflight folder. */
function plantClaim(name: string, claimName: string, owner: object, keys: string[], countFile?: string) {
  const infra = { folder: join(root, name), cluster: null };
  const mapper = new CountingMap(countFile === undefined ? { infra } : { countFile, infra });
  const inflight = join(mapper.infra.uidFolder(), "inflight");
  mkdirSync(inflight, { recursive: true });
  const claim = join(inflight, claimName);
  writeFileSync(claim, JSON.stringify({ owner, keys, records: [] }));
  return { mapper, inflight, claim };
}

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
    const owner = { pid: 4242, pidStart: "99", host: "elsewhere" };
    const { mapper, claim } = plantClaim("future", "elsewhere-1-abc.claim", owner, ["item-3"]);
    const future = new Date(Date.now() + 24 * 3600_000);
    utimesSync(claim, future, future);
    const results = (await mapper.process([3])) as unknown as { value: number }[];
    assert.equal(results[0]?.value, 6);
  });

  it("keeps a dead driver's claim while a worker file names a live worker, and takes it over after", {
    timeout: 20_000,
  }, async () => {
    const countFile = join(root, "worker-count.txt");
    // The driver is gone (a reused pid), and its claim names no job: only its worker keeps it.
    const claim = `${HOST}-${process.pid}-deadbeef.claim`;
    const driver = { pid: process.pid, pidStart: "1", host: HOST };
    const { mapper, inflight } = plantClaim("worker", claim, driver, ["item-1"], countFile);
    const worker = spawn("sleep", ["30"]);
    const workerFile = join(inflight, `${claim}.${HOST}-${worker.pid}.worker`);
    const owner = { pid: worker.pid, pidStart: processStartTime(worker.pid!) ?? "", host: HOST };
    writeFileSync(workerFile, JSON.stringify(owner));
    try {
      const call = mapper.process([1]) as unknown as Promise<{ value: number }[]>;
      await sleep(600);
      assert.deepEqual(await numbersOf(countFile), [], "not taken over while its worker lives");
      worker.kill("SIGKILL");
      assert.equal((await call)[0]?.value, 2);
      assert.deepEqual(await numbersOf(countFile), [1], "taken over once its worker died");
      assert.equal(existsSync(workerFile), false, "the dead worker's file is removed with its claim");
    } finally {
      worker.kill("SIGKILL");
    }
  });

  it("does not count worker files of dead workers, and removes those whose claim is gone", {
    timeout: 20_000,
  }, async () => {
    const claim = `${HOST}-${process.pid}-cafebabe.claim`;
    const gone = { pid: process.pid, pidStart: "1", host: HOST };
    const { mapper, inflight } = plantClaim("dead-workers", claim, gone, ["item-2"]);
    // A reused pid here, another host's worker with a stale heartbeat, a corrupted file, one with no claim.
    writeFileSync(join(inflight, `${claim}.${HOST}-${process.pid}.worker`), JSON.stringify(gone));
    const elsewhere = join(inflight, `${claim}.elsewhere-7.worker`);
    writeFileSync(elsewhere, JSON.stringify({ pid: 7, pidStart: "9", host: "elsewhere" }));
    const old = new Date(Date.now() - 3600_000);
    utimesSync(elsewhere, old, old);
    writeFileSync(join(inflight, `${claim}.${HOST}-1.worker`), "{not json");
    writeFileSync(join(inflight, `${HOST}-1-gone.claim.${HOST}-1.worker`), JSON.stringify(gone));
    const results = (await mapper.process([2])) as unknown as { value: number }[];
    assert.equal(results[0]?.value, 4);
    assert.deepEqual(
      readdirSync(inflight).filter((name) => name.endsWith(".worker") || name.endsWith(".claim")),
      [],
    );
  });
});

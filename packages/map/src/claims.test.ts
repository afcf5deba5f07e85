// The claims a waiter polls are parsed again only when their file changed (claims.ts, #parsed): a change
// in place, by rename, or a removal must still be seen at the next poll.
import assert from "node:assert/strict";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Inflight } from "./claims.js";
import { selfOwner } from "./owner.js";

const root = mkdtempSync(join(tmpdir(), "exca-map-claims-"));
after(() => rmSync(root, { recursive: true, force: true }));

const claimText = (keys: string[]): string => JSON.stringify({ owner: selfOwner(), keys, records: [] });

describe("Inflight.orphans", () => {
  it("sees a claim rewritten in place (same size), replaced by rename, and removed", async () => {
    const inflight = new Inflight(root, undefined);
    const folder = join(root, "inflight");
    const all = ["a", "b", "c"];
    await inflight.claim(
      ["z"],
      async () => {},
      () => false,
    ); // makes the folder, with a claim of ours
    const claim = join(folder, "other.claim");
    writeFileSync(claim, claimText(["a", "b"]));
    assert.deepEqual(await inflight.orphans(all), ["c"]);
    assert.deepEqual(await inflight.orphans(all), ["c"], "again, from what was parsed");
    writeFileSync(claim, claimText(["a", "x"])); // same length, same inode
    assert.deepEqual(await inflight.orphans(all), ["b", "c"]);
    writeFileSync(`${claim}.tmp`, claimText(["c", "b"]));
    renameSync(`${claim}.tmp`, claim);
    assert.deepEqual(await inflight.orphans(all), ["a"]);
    rmSync(claim);
    assert.deepEqual(await inflight.orphans(all), all);
  });
});

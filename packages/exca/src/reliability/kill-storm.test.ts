// Kill storms: map and task drivers (and their "process" workers) are SIGKILLed at random, mid-write,
// over and over; afterwards every result acknowledged to a driver reads back exactly, every cached value is
// exact, every missing one is recomputed by the next call
// (which must finish: no claim or lock blocks forever), and `exca verify` finds nothing wrong.
// A longer version runs by hand: `node dist/reliability/soak.js --minutes 10`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { tempRoot } from "../test-fixtures/harness.js";
import { stormAndCheck } from "../test-fixtures/storm.js";

const root = tempRoot("kill-storm");
after(() => root.remove());

const KILLS = 110;

describe("kill storm", { timeout: 240_000 }, () => {
  it(`survives ${KILLS} SIGKILLs of map and task drivers and workers mid-write`, async () => {
    const folder = join(root.path, "cache");
    const figures = await stormAndCheck(
      { folder, items: 600, tasks: 40, kills: KILLS, budgetMs: 60_000 },
      join(root.path, "count.txt"),
    );
    const kills = figures.driverKills + figures.workerKills;
    assert.equal(kills, KILLS, `only ${kills} kills in ${figures.stormMs} ms`);
    assert.ok(figures.mapDriverKills > 0, "no map driver was killed");
    assert.ok(figures.driverKills > figures.mapDriverKills, "no task driver was killed");
    assert.ok(figures.workerKills > 0, "no worker was killed");
    // Mid-write: kills cut computations short (what the next call recomputes), while other results were
    // acknowledged (and all read back: stormAndCheck) and some drivers finished (their reports checked).
    assert.ok(figures.recomputedItems + figures.recomputedTasks > 0, "no kill cut a computation short");
    assert.ok(figures.acknowledged > 0, "no result was acknowledged during the storm");
    assert.ok(figures.finished > 0, "no driver finished during the storm");
    process.stdout.write(`# kill storm: ${JSON.stringify(figures)}\n`);
  });
});

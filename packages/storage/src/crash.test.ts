import assert from "node:assert/strict";
import { once } from "node:events";
import { after, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type LogRecord, setLogSink } from "@exca/config";
import { CacheDict } from "./index.js";
import { forkFixture } from "./test-fixtures/spawn.js";
import { tempRoot } from "./test-fixtures/tmp.js";
import { assertValueFor } from "./test-fixtures/values.js";

const root = tempRoot("crash");
after(() => root.remove());

const KILLS = 60;
const PARALLEL = 3;
const MISSING = Symbol("missing");

it(`survives ${KILLS} writers killed with SIGKILL mid-write: readers see only exact values`, {
  timeout: 180_000,
}, async () => {
  const folder = root.folder();
  const warnings: LogRecord[] = [];
  const restore = setLogSink((record) => warnings.push(record));
  try {
    const store = new CacheDict({ folder, refreshIntervalMs: 0 });
    const checked = new Set<string>();
    const checkNew = async (): Promise<void> => {
      await store.refresh();
      const fresh = store.keys().filter((key) => !checked.has(key));
      const values = await store.getMany(fresh, MISSING);
      fresh.forEach((key, i) => {
        assert.notEqual(values[i], MISSING, `visible key ${key} must be readable`);
        assertValueFor(key, values[i], true);
        checked.add(key);
      });
    };
    let kills = 0;
    const cycle = async (slot: number): Promise<void> => {
      while (kills < KILLS) {
        const child = forkFixture("crash-writer", [folder, `p${slot}-${kills}`]);
        await once(child, "message");
        await sleep(5 + Math.random() * 35);
        child.kill("SIGKILL");
        kills++;
        const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
        assert.equal(signal, "SIGKILL", `writer exited on its own (code ${code})`);
        await checkNew();
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, slot) => cycle(slot)));
    assert.ok(kills >= KILLS, `only ${kills} kills`);
    assert.ok(checked.size > 0, "killed writers should have completed some batches");
    process.stdout.write(
      `# crash: ${JSON.stringify({ kills, keys: checked.size, warnings: warnings.length })}\n`,
    );

    const fresh = new CacheDict({ folder });
    const keys = fresh.keys();
    assert.equal(keys.length, checked.size);
    const values = await fresh.getMany(keys, MISSING);
    keys.forEach((key, i) => {
      assertValueFor(key, values[i], true);
    });
    assert.ok(
      warnings.every((record) => /truncated record|corrupt index/.test(record.message)),
      "only torn tails are reported",
    );

    await store.write((w) => w.set("after-crashes", new Float32Array([1, 2, 3])));
    assert.deepEqual(await new CacheDict({ folder }).get("after-crashes"), new Float32Array([1, 2, 3]));
  } finally {
    restore();
  }
});

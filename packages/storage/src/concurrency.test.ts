import assert from "node:assert/strict";
import { after, it } from "node:test";
import { CacheDict } from "./index.js";
import { runFixture } from "./test-fixtures/spawn.js";
import { tempRoot } from "./test-fixtures/tmp.js";
import { assertValueFor } from "./test-fixtures/values.js";

const root = tempRoot("concurrency");
after(() => root.remove());

const WRITERS = 4;
const PER_WRITER = 12_500;

it("4 writer processes and a concurrent reader process: 50,000 keys, every value exact", {
  timeout: 120_000,
}, async () => {
  const folder = root.folder();
  const total = WRITERS * PER_WRITER;
  const reader = runFixture("reader", [folder, String(total)]);
  const writers = Array.from({ length: WRITERS }, (_, w) =>
    runFixture("writer", [folder, `w${w}`, String(PER_WRITER), "500"]),
  );
  await Promise.all(writers);
  const report = JSON.parse(await reader) as { checked: number; rounds: number };
  assert.equal(report.checked, total);
  assert.ok(report.rounds > 1, "the reader should have read while writers were writing");

  const store = new CacheDict({ folder });
  assert.equal(store.size, total);
  const keys = Array.from({ length: WRITERS }, (_, w) =>
    Array.from({ length: PER_WRITER }, (_, i) => `w${w}-${i}`),
  );
  const values = await store.getMany(keys.flat());
  keys.flat().forEach((key, i) => {
    assertValueFor(key, values[i]);
  });
});

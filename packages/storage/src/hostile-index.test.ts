// Crafted index records (issue 17, finding 8): checksums only catch accidents, so a record with a NaN or
// out-of-file offset or length reads as missing with a warning (never a RangeError), and a timestamp from
// the future does not hide the writes after it.
import assert from "node:assert/strict";
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CacheDict } from "./index.js";
import { pack } from "./msgpack.js";
import { DATA_EXT, INDEX_EXT } from "./shard-files.js";
import { craftShard } from "./test-fixtures/craft.js";
import { tempRoot } from "./test-fixtures/tmp.js";
import { captureWarnings } from "./test-fixtures/warnings.js";

const root = tempRoot("hostile-index");
after(() => root.remove());
const ID = "other-host-1-cccccccccccc";

describe("crafted index records", () => {
  it("with impossible offsets or lengths read as missing, with a warning naming the data file", async () => {
    const folder = root.folder();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${ID}${DATA_EXT}`), Buffer.alloc(64));
    const bad = {
      nan: { offset: Number.NaN, length: 8 },
      negative: { offset: -8, length: 8 },
      huge: { offset: 2 ** 60, length: 8 },
      long: { offset: 0, length: 0xffffffff },
    };
    craftShard(
      folder,
      ID,
      Object.entries(bad).map(([key, external]) => ({ key, timestamp: 1000, external })),
    );
    const warnings = captureWarnings();
    try {
      const store = new CacheDict({ folder });
      for (const key of Object.keys(bad)) assert.equal(await store.get(key), undefined, key);
    } finally {
      warnings.restore();
    }
    const messages = warnings.errors.map((error) => error.message);
    assert.equal(
      messages.filter((text) =>
        /\((impossible offset|data file is truncated)\); it reads as missing/.test(text),
      ).length,
      4,
    );
    assert.ok(messages.every((text) => text.includes(`${ID}${DATA_EXT}`)));
  });

  it("with a timestamp from the future do not hide a later write", async () => {
    const folder = root.folder();
    mkdirSync(folder, { recursive: true });
    const future = (Date.now() + 365 * 24 * 3600_000) * 1000; // timestamps are in microseconds
    craftShard(folder, ID, [{ key: "k", timestamp: future, msgpack: pack("k", "planted") }]);
    assert.equal(await new CacheDict<string>({ folder }).get("k"), "planted");
    await new CacheDict<string>({ folder }).write((w) => w.set("k", "mine"));
    assert.equal(await new CacheDict<string>({ folder }).get("k"), "mine");
  });

  it("in an index file of 3 GiB are refused with a warning, not read whole", () => {
    const folder = root.folder();
    mkdirSync(folder, { recursive: true });
    const index = join(folder, `${ID}${INDEX_EXT}`);
    writeFileSync(index, "");
    truncateSync(index, 3 * 2 ** 30); // sparse
    const warnings = captureWarnings();
    try {
      assert.equal(new CacheDict({ folder }).has("k"), false);
    } finally {
      warnings.restore();
    }
    assert.match(warnings.errors[0]?.message ?? "", /corrupt index .* more than an index holds/);
  });
});

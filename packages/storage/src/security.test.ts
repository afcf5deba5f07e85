import assert from "node:assert/strict";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { CacheDict } from "./index.js";
import { craftShard } from "./test-fixtures/craft.js";
import { tempRoot } from "./test-fixtures/tmp.js";
import { captureWarnings } from "./test-fixtures/warnings.js";

const root = tempRoot("security");
after(() => root.remove());

const SHARD_NAME = /^[A-Za-z0-9._-]+-\d+-[0-9a-f]{12}\.(index|data)$/;

describe("keys never become paths", () => {
  it("stores traversal, NUL, unicode, empty and huge keys as plain keys", async () => {
    const parent = root.folder();
    const folder = join(parent, "store");
    const keys = [
      "../../x",
      "/etc/passwd",
      "a/b\\c",
      "..",
      ".",
      "",
      "nul\0byte",
      "ünï 🎉",
      "CON",
      "x".repeat(1 << 20),
    ];
    const store = new CacheDict({ folder });
    await store.write((w) => {
      keys.forEach((key, i) => {
        w.set(key, i);
      });
      w.set("big value", new Float64Array(1000));
    });
    const reopened = new CacheDict({ folder });
    assert.deepEqual(
      await reopened.getMany(keys),
      keys.map((_, i) => i),
    );
    assert.deepEqual(readdirSync(parent), ["store"]);
    const names = readdirSync(folder);
    assert.equal(names.length, 2, "one write: one index and one data file");
    for (const name of names) assert.match(name, SHARD_NAME);
    assert.deepEqual(readdirSync(dirname(parent)).includes("x"), false);
  });
});

describe("decoding never runs code", () => {
  it("reads a value with an unknown msgpack extension as missing, with a warning", async () => {
    const folder = root.folder();
    mkdirSync(folder);
    const path = craftShard(folder, "crafted-1-000000000000", [
      { key: "unknown-extension", timestamp: 1, msgpack: Buffer.from([0xd4, 0x33, 0x00]) },
      { key: "clone-pointer", timestamp: 1, msgpack: Buffer.from([0xd6, 0x70, 0, 0, 0, 1]) },
      { key: "fine", timestamp: 1, msgpack: Buffer.from([0x2a]) },
    ]);
    const captured = captureWarnings();
    try {
      const store = new CacheDict({ folder });
      assert.equal(store.has("unknown-extension"), true, "the index alone cannot tell");
      assert.deepEqual(await store.getMany(["unknown-extension", "clone-pointer", "fine"]), [
        undefined,
        undefined,
        42,
      ]);
      assert.equal(store.has("unknown-extension"), false, "an unreadable value then reads as missing");
      assert.equal(captured.errors.length, 2);
      for (const error of captured.errors) {
        assert.equal(error.file, path);
        assert.equal(typeof error.offset, "number");
        assert.match(error.message, /undecodable value/);
      }
    } finally {
      captured.restore();
    }
  });

  it("decodes a crafted __proto__ key as inert data without touching prototypes", async () => {
    const folder = root.folder();
    mkdirSync(folder);
    // a msgpack map {"__proto__": {"polluted": true}} (decoded as a Map: maps are never turned into objects)
    const map = Buffer.concat([
      Buffer.from([0x81, 0xa9]),
      Buffer.from("__proto__"),
      Buffer.from([0x81, 0xa8]),
      Buffer.from("polluted"),
      Buffer.from([0xc3]),
    ]);
    craftShard(folder, "crafted-1-000000000001", [{ key: "map", timestamp: 1, msgpack: map }]);
    const value = await new CacheDict({ folder }).get("map");
    assert.ok(value instanceof Map);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(value), Map.prototype);
  });
});

describe("permissions", () => {
  it("applies the permissions option to created folders and files, whatever the umask", async () => {
    const base = root.folder();
    const folder = join(base, "nested", "store");
    const previous = process.umask(0o077);
    try {
      const store = new CacheDict({ folder, permissions: 0o770 });
      await store.write((w) => w.set("k", new Float32Array(1000)));
    } finally {
      process.umask(previous);
    }
    for (const dir of [base, join(base, "nested"), folder])
      assert.equal(statSync(dir).mode & 0o7777, 0o770, dir);
    for (const name of readdirSync(folder))
      assert.equal(statSync(join(folder, name)).mode & 0o7777, 0o660, name);
  });

  it("otherwise leaves modes to the umask", async () => {
    const folder = root.folder();
    const previous = process.umask(0o027);
    try {
      await new CacheDict({ folder }).write((w) => w.set("k", new Float32Array(1000)));
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(folder).mode & 0o7777, 0o750);
    for (const name of readdirSync(folder))
      assert.equal(statSync(join(folder, name)).mode & 0o7777, 0o640, name);
  });
});

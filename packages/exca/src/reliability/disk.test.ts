// Disk full and read-only folders, on a real 64 KiB tmpfs (needs root: without the right to mount, the
// test fails saying so). Writes fail with a CacheError naming the file or folder, what was written before
// is exact (nothing half-visible), and a read-only cache still serves `readOnly` (and fully cached) calls.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { CacheDict, CacheError } from "../index.js";
import { cli, lineCounts, listTree, tempRoot } from "../test-fixtures/harness.js";
import { itemValue, ReliableMap, ReliableTask, taskValue } from "../test-fixtures/reliable.js";

const root = tempRoot("disk");
const mountPoint = join(root.path, "tmpfs");
const folder = join(mountPoint, "cache");
const ITEMS = Array.from({ length: 400 }, (_, i) => i);
const MISSING = Symbol("missing");
let mounted = false;

function mount(...options: string[]): void {
  try {
    execFileSync("mount", options, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
    throw new Error(`mount ${options.join(" ")} failed (needs root and CAP_SYS_ADMIN): ${stderr}`);
  }
}

before(() => {
  mkdirSync(mountPoint);
  mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint);
  mounted = true;
});
after(() => {
  if (mounted) execFileSync("umount", [mountPoint]);
  root.remove();
});

const mapper = (mode: "cached" | "readOnly" = "cached", countFile = ""): ReliableMap =>
  new ReliableMap({ countFile, infra: { folder, mode } });
const task = (n: number, mode: "cached" | "retry" | "readOnly" = "cached"): ReliableTask =>
  new ReliableTask({ n, infra: { folder, mode } });

/** A write error must be a CacheError naming what could not be written, with the system error as cause. */
function assertWriteError(error: unknown, code: string): boolean {
  assert.ok(error instanceof CacheError, String(error));
  assert.match(error.message, new RegExp(`cannot write ${folder}.*${code}`));
  assert.equal((error.cause as NodeJS.ErrnoException).code, code);
  return true;
}

describe("disk full", { timeout: 60_000 }, () => {
  it("fails with a clear error, keeps what was written exact, and resumes once there is room", async () => {
    await assert.rejects(Promise.resolve(mapper().process(ITEMS)), (error) =>
      assertWriteError(error, "ENOSPC"),
    );
    await assert.rejects(task(49).process(), (error) => assertWriteError(error, "ENOSPC"));
    // Nothing half-visible: every record that reads back is exact, no temporary file is left.
    const store = new CacheDict({ folder: mapper().infra.uidFolder() });
    const keys = store.keys();
    const values = await store.getMany(keys, MISSING);
    keys.forEach((key, i) => {
      assert.ok(isDeepStrictEqual(values[i], itemValue(Number(key.slice(5)), 7)), key);
    });
    assert.deepEqual(
      listTree(mountPoint).filter((path) => path.endsWith(".tmp")),
      [],
    );

    mount("-o", "remount,size=2m", mountPoint);
    const countFile = join(root.path, "count.txt");
    assert.ok(
      isDeepStrictEqual(
        await mapper("cached", countFile).process(ITEMS),
        ITEMS.map((i) => itemValue(i, 7)),
      ),
    );
    assert.equal(lineCounts(countFile).size, ITEMS.length - keys.length, "only what was missing is computed");
    assert.deepEqual(await task(49, "retry").process(), taskValue(49, 7));
  });
});

describe("read-only folder", { timeout: 60_000 }, () => {
  it("serves readOnly and cached calls, and refuses to compute with a clear error", async () => {
    mount("-o", "remount,ro", mountPoint);
    const expected = ITEMS.map((i) => itemValue(i, 7));
    assert.ok(isDeepStrictEqual(await mapper("readOnly").process(ITEMS), expected));
    assert.ok(isDeepStrictEqual(await mapper("cached").process(ITEMS), expected));
    assert.deepEqual(await task(49, "readOnly").process(), taskValue(49, 7));
    assert.deepEqual(await task(49).process(), taskValue(49, 7));
    await assert.rejects(
      Promise.resolve(mapper().process([...ITEMS, 1000])),
      /EROFS.*inflight|inflight.*EROFS/,
    );
    await assert.rejects(task(50).process(), /EROFS/);
    await assert.rejects(task(50, "readOnly").process(), /mode readOnly: task .* is not computed/);
    const verify = await cli("verify", folder);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.equal((await cli("ls", folder)).code, 0);
  });
});

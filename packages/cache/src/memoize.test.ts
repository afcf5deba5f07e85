import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ConfigError, type LogRecord, setLogSink } from "@exca/config";
import { memoize } from "./index.js";

const root = mkdtempSync(join(tmpdir(), "exca-memoize-"));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshFolder = (): string => join(root, `f${folders++}`);

/** A function counting its calls. */
function counted<A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) & { calls: number } {
  const wrapper = Object.assign(
    (...args: A): R => {
      wrapper.calls++;
      return fn(...args);
    },
    { calls: 0 },
  );
  return wrapper;
}

describe("memoize in RAM", () => {
  it("computes once per distinct arguments and keeps the function's types", async () => {
    const add = counted(async (p: { a: number; b: number }) => p.a + p.b);
    const cached = memoize(add);
    const sum: Promise<number> = cached({ a: 1, b: 2 });
    assert.equal(await sum, 3);
    const typeChecks = (): void => {
      // @ts-expect-error the parameter type is kept
      void cached("not an object");
      // @ts-expect-error the return type is kept (Promise-wrapped)
      const wrong: Promise<string> = cached({ a: 1, b: 2 });
      void wrong;
    };
    assert.equal(typeof typeChecks, "function");
    assert.equal(await cached({ b: 2, a: 1 }), 3);
    assert.equal(await cached({ a: 2, b: 2 }), 4);
    assert.equal(add.calls, 2);
  });

  it("wraps sync functions into async ones", async () => {
    const square = counted((x: number) => x * x);
    const cached = memoize(square);
    const result = cached(3);
    assert.ok(result instanceof Promise);
    assert.equal(await result, 9);
    assert.equal(await cached(3), 9);
    assert.equal(square.calls, 1);
  });

  it("shares one computation between concurrent calls with the same key", async () => {
    const slow = counted(async (x: number) => {
      await sleep(20);
      return { x };
    });
    const cached = memoize(slow);
    const [first, second] = await Promise.all([cached(1), cached(1)]);
    assert.equal(slow.calls, 1);
    assert.equal(first, second);
  });

  it("does not cache failures unless cacheErrors is set", async () => {
    let fail = true;
    const flaky = counted((x: number) => {
      if (fail) throw new Error(`failed on ${x}`);
      return x;
    });
    const cached = memoize(flaky);
    await assert.rejects(cached(1), /failed on 1/);
    fail = false;
    assert.equal(await cached(1), 1);
    assert.equal(flaky.calls, 2);

    fail = true;
    const sticky = memoize(flaky, { cacheErrors: true });
    await assert.rejects(sticky(5), /failed on 5/);
    fail = false;
    await assert.rejects(sticky(5), /failed on 5/);
    assert.equal(flaky.calls, 3);
  });

  it("evicts the least recently used results beyond the ram bound", async () => {
    const identity = counted((x: number) => x);
    const cached = memoize(identity, { ram: 2 });
    await cached(1);
    await cached(2);
    await cached(1);
    await cached(3);
    await cached(1);
    assert.equal(identity.calls, 3);
    await cached(2);
    assert.equal(identity.calls, 4);
  });

  it("keys by version and by a custom key function", async () => {
    const fn = counted((p: { id: number; noise: number }) => p.id * 10);
    const byId = memoize(fn, { key: (p) => String(p.id) });
    assert.equal(await byId({ id: 1, noise: 1 }), 10);
    assert.equal(await byId({ id: 1, noise: 2 }), 10);
    assert.equal(fn.calls, 1);
    const v1 = memoize(fn, { version: "1" });
    const v2 = memoize(fn, { version: "2" });
    await v1({ id: 2, noise: 0 });
    await v2({ id: 2, noise: 0 });
    assert.equal(fn.calls, 3);
  });

  it("rejects arguments without a canonical uid, and bad options", async () => {
    const cached = memoize((f: unknown) => typeof f);
    await assert.rejects(
      cached(() => 1),
      ConfigError,
    );
    assert.throws(() => memoize((x: number) => x, { ram: 0 }), /positive integer, got 0/);
    assert.throws(() => memoize((x: number) => x, { ram: false, cacheErrors: true }), /needs the RAM layer/);
    assert.throws(() => memoize((x: number) => x, { version: "a:b" }), /without ":", got "a:b"/);
  });
});

describe("memoize on disk", { timeout: 60_000 }, () => {
  it("finds results in the folder from a new memoized function and from another process", async () => {
    const folder = freshFolder();
    const square = counted((p: { x: number }) => p.x * p.x);
    const first = memoize(square, { folder, name: "square", version: "1" });
    assert.equal(await first({ x: 4 }), 16);
    await first.flush();
    const again = memoize(square, { folder, name: "square", version: "1", ram: false });
    assert.equal(await again({ x: 4 }), 16);
    assert.equal(square.calls, 1);

    const child = fileURLToPath(new URL("./test-fixtures/memo-child.js", import.meta.url));
    const run = async (x: number) =>
      JSON.parse((await promisify(execFile)(process.execPath, [child, folder, String(x)])).stdout) as unknown;
    assert.deepEqual(await run(4), { calls: 0, result: 16 });
    assert.deepEqual(await run(5), { calls: 1, result: 25 });
    assert.equal(await memoize(square, { folder, name: "square", version: "1" })({ x: 5 }), 25);
    assert.equal(square.calls, 1);
  });

  it("a resolved call's result is on disk even when the process is SIGKILLed right after (issue 12.2)", async () => {
    const folder = freshFolder();
    const child = fileURLToPath(new URL("./test-fixtures/memo-killed.js", import.meta.url));
    const { spawn } = await import("node:child_process");
    const proc = spawn(process.execPath, [child, folder], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => proc.on("exit", (code, signal) => resolve(signal ?? code)));
    // The child prints "resolved" as soon as its call resolves, then idles: kill it at once.
    await new Promise<void>((resolve) =>
      proc.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("resolved")) resolve();
      }),
    );
    proc.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
    const reader = counted((p: { x: number }) => -1 * p.x);
    assert.equal(await memoize(reader, { folder, name: "slow", version: "1" })({ x: 6 }), 36);
    assert.equal(reader.calls, 0, "read from the dead process's folder, not recomputed");
  });

  it("stores typed arrays and undefined results exactly", async () => {
    const folder = freshFolder();
    const make = counted((n: number) => (n === 0 ? undefined : new Float32Array(n).fill(n)));
    const cached = memoize(make, { folder, name: "make", ram: false });
    assert.deepEqual(await cached(3), new Float32Array([3, 3, 3]));
    assert.equal(await cached(0), undefined);
    await cached.flush();
    const reread = memoize(make, { folder, name: "make", ram: false });
    assert.deepEqual(await reread(3), new Float32Array([3, 3, 3]));
    assert.equal(await reread(0), undefined);
    assert.equal(make.calls, 2);
  });

  it("batches results computed close together into one shard", async () => {
    const folder = freshFolder();
    const cached = memoize((x: number) => x + 1, { folder, name: "inc", flushMs: 50 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => cached(i)));
    await cached.flush();
    assert.equal(cached.store!.size, 50);
    const { readdirSync } = await import("node:fs");
    assert.equal(readdirSync(folder).length, 1, "one index file, no data file for small values");
  });

  it("clear() forgets this function's results only", async () => {
    const folder = freshFolder();
    const twice = counted((x: number) => x * 2);
    const thrice = counted((x: number) => x * 3);
    const a = memoize(twice, { folder, name: "twice" });
    const b = memoize(thrice, { folder, name: "thrice" });
    await a(1);
    await b(1);
    await a.flush();
    await b.flush();
    await a.clear();
    const fresh = memoize(twice, { folder, name: "twice" });
    assert.equal(await fresh(1), 2);
    assert.equal(twice.calls, 2);
    await fresh.flush();
    assert.equal(await memoize(thrice, { folder, name: "thrice" })(1), 3);
    assert.equal(thrice.calls, 1);
    await b.clear();
    assert.equal(b.store!.size, 1, "only twice(1), recomputed above, is left");
  });

  it("returns results it cannot store, with a warning", async () => {
    const folder = freshFolder();
    class Point {
      x = 1;
    }
    const records: LogRecord[] = [];
    const restore = setLogSink((record) => records.push(record));
    try {
      const cached = memoize(() => new Point(), { folder, name: "point" });
      assert.ok((await cached()) instanceof Point);
      await cached.flush();
      assert.equal(cached.store!.size, 0);
      assert.equal(records.length, 1);
      assert.match(records[0]!.message, /could not be written to disk.*Point instance/);
    } finally {
      restore();
    }
  });

  it("needs a name for anonymous functions with a folder", () => {
    assert.throws(() => memoize(() => 1, { folder: freshFolder() }), /needs options\.name/);
  });
});

describe("memoize keys", () => {
  it("add the full digest of the arguments to their readable uid, so that distinct arguments never share a key", async () => {
    const { keyScheme } = await import("./cache-key.js");
    const scheme = keyScheme<[{ a: number }]>("f", "1", undefined);
    const key = scheme.keyOf([{ a: 1.001 }]);
    assert.match(key, /^f:1:\{a=1\.00\}-[0-9a-f]{8}#[0-9a-f]{32}$/);
    assert.notEqual(scheme.keyOf([{ a: 1.002 }]), key);
  });
});

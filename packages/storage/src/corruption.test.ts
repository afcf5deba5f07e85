import assert from "node:assert/strict";
import {
  closeSync,
  cpSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { checkedValues } from "./checked-values.js";
import { scanFrames } from "./frames.js";
import { CacheDict, type CacheError } from "./index.js";
import { assertSameValue } from "./same-value.js";
import { tempRoot } from "./test-fixtures/tmp.js";
import { captureWarnings } from "./test-fixtures/warnings.js";

const root = tempRoot("corruption");
after(() => root.remove());

const MISSING = Symbol("missing");
const expected = new Map<string, unknown>();
for (let i = 0; i < 8000; i++) expected.set(`small-${i}`, `value number ${i} ✓`);
for (let i = 0; i < 20; i++) expected.set(`large-${i}`, new Float64Array(1000).fill(i));
for (let i = 0; i < 10; i++)
  expected.set(`obj-${i}`, { i, list: Array.from({ length: 100 }, (_, j) => j * i) });

let pristine = "";
const shards: Record<"small" | "large" | "obj", string> = { small: "", large: "", obj: "" };

/** The shard (writer id) whose index holds `prefix-0`. */
function shardOf(folder: string, prefix: string): string {
  for (const name of readdirSync(folder).filter((n) => n.endsWith(".index"))) {
    if (readFileSync(join(folder, name)).includes(`${prefix}-0`)) return name.slice(0, -".index".length);
  }
  throw new Error(`no shard holds ${prefix}-0`);
}

before(async () => {
  pristine = root.folder();
  const store = new CacheDict({ folder: pristine });
  for (const prefix of ["small", "large", "obj"] as const) {
    await store.write((w) => {
      for (const [key, value] of expected) if (key.startsWith(`${prefix}-`)) w.set(key, value);
    });
    shards[prefix] = shardOf(pristine, prefix);
  }
});

/** A damaged copy of the pristine store. */
function copy(): string {
  const folder = root.folder();
  cpSync(pristine, folder, { recursive: true });
  return folder;
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, "r+");
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

/** Frame start offsets of a pristine index file. */
function frameStarts(path: string): number[] {
  const buf = readFileSync(path);
  const starts: number[] = [];
  for (let pos = 0; pos < buf.length; pos += 16 + buf.readUInt32LE(pos + 4)) starts.push(pos);
  assert.equal(scanFrames(buf, () => {}).problems.length, 0);
  return starts;
}

/** Reads every key with a fresh store: each value must be missing or exact. Returns the missing keys. */
async function readAll(folder: string): Promise<string[]> {
  const store = new CacheDict({ folder });
  const keys = [...expected.keys()];
  const values = await store.getMany(keys, MISSING);
  const missing: string[] = [];
  keys.forEach((key, i) => {
    if (values[i] === MISSING) missing.push(key);
    else assertSameValue(values[i], expected.get(key), key);
  });
  for (const key of missing) assert.equal(store.has(key), false, `${key} reads as missing`);
  return missing;
}

async function withWarnings<T>(fn: () => Promise<T>): Promise<{ result: T; errors: CacheError[] }> {
  const captured = captureWarnings();
  try {
    return { result: await fn(), errors: captured.errors };
  } finally {
    captured.restore();
  }
}

describe("corrupt stores", () => {
  it("garbage inside an index file loses only that frame's keys, with a warning naming file and offset", async () => {
    const folder = copy();
    const path = join(folder, `${shards.small}.index`);
    const starts = frameStarts(path);
    assert.ok(starts.length >= 2, "the small shard spans several frames");
    const target = starts[1]! + 500;
    overwrite(path, target, Buffer.alloc(16, 0xaa));
    const { result: missing, errors } = await withWarnings(() => readAll(folder));
    assert.ok(missing.length > 0 && missing.length < 8000, `${missing.length} keys lost`);
    assert.ok(missing.every((key) => key.startsWith("small-")));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.file, path);
    assert.equal(errors[0]!.offset, starts[1]);
    assert.match(errors[0]!.message, /payload checksum mismatch/);
  });

  it("a truncated index loses the cut frame, with a truncation warning", async () => {
    const folder = copy();
    const path = join(folder, `${shards.small}.index`);
    const starts = frameStarts(path);
    const lastRecords = starts[starts.length - 2]!;
    truncateSync(path, lastRecords + 40);
    const { result: missing, errors } = await withWarnings(() => readAll(folder));
    assert.ok(missing.length > 0 && missing.every((key) => key.startsWith("small-")));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.file, path);
    assert.equal(errors[0]!.offset, lastRecords);
    assert.match(errors[0]!.message, /truncated record/);
  });

  it("garbage in a data file loses that value only, until it is written again", async () => {
    const folder = copy();
    const data = join(folder, `${shards.large}.data`);
    overwrite(data, 5 * 8000 + 100, Buffer.from("garbage"));
    const { result: missing, errors } = await withWarnings(() => readAll(folder));
    assert.deepEqual(missing, ["large-5"]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.file, data);
    assert.equal(errors[0]!.offset, 5 * 8000);
    assert.match(errors[0]!.message, /checksum mismatch/);
    const store = new CacheDict({ folder });
    await store.write((w) => w.set("large-5", expected.get("large-5")));
    assert.deepEqual(await readAll(folder), []);
  });

  it("bytes changed in place after a first read are checked again, even with their mtime restored", async () => {
    const folder = copy();
    const data = join(folder, `${shards.large}.data`);
    const { mtime } = statSync(data);
    await sleep(1100); // quiet long enough for this process to remember its checks
    assert.deepEqual(await readAll(folder), []);
    const fd = openSync(data, "r");
    assert.ok((checkedValues(data, fd)?.size ?? 0) > 0, "the checks of the first read are remembered");
    closeSync(fd);
    overwrite(data, 3 * 8000 + 8, Buffer.from("changed"));
    utimesSync(data, mtime, mtime);
    const { result: missing, errors } = await withWarnings(() => readAll(folder));
    assert.deepEqual(missing, ["large-3"]);
    assert.match(errors[0]!.message, /checksum mismatch/);
  });

  it("a truncated data file loses the values past the cut", async () => {
    const folder = copy();
    const data = join(folder, `${shards.large}.data`);
    truncateSync(data, statSync(data).size / 2);
    const { result: missing, errors } = await withWarnings(() => readAll(folder));
    assert.deepEqual(
      missing,
      Array.from({ length: 10 }, (_, i) => `large-${10 + i}`),
    );
    assert.ok(
      errors.length === 10 && errors.every((error) => error.file === data && /truncated/.test(error.message)),
    );
  });

  it("junk and empty files named like indexes do not stop the store", async () => {
    const folder = copy();
    writeFileSync(join(folder, "junk.index"), Buffer.from("not an index at all, just junk"));
    writeFileSync(join(folder, "empty.index"), Buffer.alloc(0));
    writeFileSync(join(folder, "notes.txt"), "ignored");
    const { result: missing, errors } = await withWarnings(() => readAll(folder));
    assert.deepEqual(missing, []);
    assert.ok(errors.some((error) => error.file === join(folder, "junk.index") && error.offset === 0));
    const { result: value } = await withWarnings(async () => {
      await new CacheDict({ folder }).write((w) => w.set("new", 1));
      return new CacheDict({ folder }).get("new");
    });
    assert.equal(value, 1);
  });

  it("random damage never yields a wrong value nor throws", async () => {
    const restore = captureWarnings().restore;
    try {
      let seed = 7;
      const next = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      for (let round = 0; round < 25; round++) {
        const folder = copy();
        const files = readdirSync(folder);
        for (let hits = 0; hits < 3; hits++) {
          const path = join(folder, files[Math.floor(next() * files.length)]!);
          const size = statSync(path).size;
          if (next() < 0.3) truncateSync(path, Math.floor(next() * size));
          else if (size > 0)
            overwrite(path, Math.floor(next() * size), Buffer.from([Math.floor(next() * 256)]));
        }
        await readAll(folder);
      }
    } finally {
      restore();
    }
  });
});

// Benchmarks of CacheDict (not tests): `pnpm bench` at the root (or in packages/storage). Every scenario
// runs a warm-up then reports the median of several runs, with its target (2 cores). "reference" rows
// time the same work without CacheDict (plain Node file I/O, or bare JavaScript in a fresh process): what
// bounds the figure above them on this machine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import {
  type BenchResult,
  dropPageCache,
  emitSample,
  measure,
  measureReported,
  report,
  resultOf,
  runChild,
  timeIt,
} from "@exca/bench";
import { CacheDict } from "./index.js";
import { pack } from "./msgpack.js";
import { Unpackr } from "./vendor.js";

const SMALL = 20_000;
const ARRAYS = 2_000;
const ARRAY_LENGTH = 4096;
const BYTES = ARRAYS * ARRAY_LENGTH * 4;
const MANY = 1_000_000;
const self = fileURLToPath(import.meta.url);
const results: BenchResult[] = [];
let root = "";
let count = 0;
let previous: string | undefined;

/** A new path for a write run; the previous run's one is removed (later runs reuse its page cache memory). */
function fresh(): string {
  if (previous !== undefined) rmSync(previous, { recursive: true, force: true });
  previous = join(root, `run-${count++}`);
  return previous;
}

/** The path the last write run left, kept for the read scenarios. */
function keepLast(): string {
  const kept = previous!;
  previous = undefined;
  return kept;
}

function smallValue(i: number): unknown {
  return i % 3 === 0 ? i : i % 3 === 1 ? i * 0.5 : { id: i, name: `item${i}`, ok: true };
}

function writeAll(folder: string, n: number, value: (i: number) => unknown): Promise<void> {
  return new CacheDict({ folder }).write((w) => {
    for (let i = 0; i < n; i++) w.set(`k${i}`, value(i));
  });
}

/** Child mode: opens the store in `folder` and reads `n` keys back, timing only that (not Node's start-up). */
async function readBack(folder: string, mode: string, n: number): Promise<void> {
  const keys = Array.from({ length: n }, (_, i) => `k${i}`);
  const store = new CacheDict({ folder });
  let found = 0;
  const openSeconds = await timeIt(() => store.size);
  const readSeconds = await timeIt(async () => {
    if (mode === "has") {
      for (const key of keys) if (store.has(key)) found++;
    } else {
      for (const value of await store.getMany(keys)) if (value !== undefined) found++;
    }
  });
  if (found !== n) throw new Error(`storage.bench: found ${found} of ${n} keys in ${folder}`);
  const ms = (seconds: number): string => `${(seconds * 1000).toFixed(1)} ms`;
  const read = `${mode === "has" ? "has" : "getMany"} ${ms(readSeconds)}`;
  emitSample({ seconds: openSeconds + readSeconds, note: `open ${ms(openSeconds)} + ${read}` });
}

/** Child mode: the least JavaScript a fresh process can run per item: fill a Map, look up, build values. */
function bareJs(n: number): void {
  const keys = Array.from({ length: n }, (_, i) => `k${i}`);
  const stored = Array.from({ length: n }, (_, i) => `k${i}`);
  const start = process.hrtime.bigint();
  const slots = new Map<string, number>();
  for (let i = 0; i < n; i++) slots.set(stored[i]!, i);
  const values = keys.map((key) => smallValue(slots.get(key)!));
  if (values.length !== n) throw new Error("storage.bench: lost values");
  emitSample({ seconds: Number(process.hrtime.bigint() - start) / 1e9 });
}

/** Child mode: msgpackr alone decoding the same values (packed untimed), as CacheDict would without fast paths. */
function msgpackrOnly(n: number): void {
  const packed = Array.from({ length: n }, (_, i) => Buffer.from(pack(`k${i}`, smallValue(i))));
  const unpackr = new Unpackr({
    moreTypes: true,
    useRecords: true,
    mapsAsObjects: false,
    structuredClone: false,
  });
  const start = process.hrtime.bigint();
  const values = packed.map((bytes) => unpackr.unpack(bytes));
  if (values.length !== n) throw new Error("storage.bench: lost values");
  emitSample({ seconds: Number(process.hrtime.bigint() - start) / 1e9 });
}

function inFreshProcess(...args: string[]) {
  return () => runChild(self, args);
}

async function smallValues(): Promise<void> {
  results.push(
    await measure("storage: 20,000 small values, write", SMALL, (f) => writeAll(f, SMALL, smallValue), {
      setup: fresh,
      gc: true,
      target: { perItemUsAtMost: 3 },
    }),
  );
  results.push(
    await measureReported(
      "storage: 20,000 small values, read all in a fresh process",
      SMALL,
      inFreshProcess("read", keepLast(), "get", String(SMALL)),
      { target: { perItemUsAtMost: 0.5 }, note: "Node start-up not counted" },
    ),
  );
  const references = [
    ["bare JS, Map.set + Map.get + build 20,000 values", "bare", "no file, no decoding: cold JIT cost"],
    ["msgpackr.unpack of the same 20,000 values", "msgpackr", "decoding alone: no file, no index"],
  ];
  for (const [what, mode, note] of references) {
    const scenario = `storage: reference: ${what} in a fresh process`;
    results.push(await measureReported(scenario, SMALL, inFreshProcess(mode!, String(SMALL)), { note }));
  }
}

async function typedArrays(): Promise<void> {
  const arrays = Array.from({ length: ARRAYS }, (_, i) => new Float32Array(ARRAY_LENGTH).fill(i));
  const keys = arrays.map((_, i) => `k${i}`);
  const common = { bytes: BYTES, gc: true };
  results.push(
    await measure(
      "storage: 2,000 Float32Array(4096), write",
      ARRAYS,
      (f) => writeAll(f, ARRAYS, (i) => arrays[i]),
      {
        ...common,
        setup: fresh,
        target: { mbPerSAtLeast: 1000 },
      },
    ),
  );
  const folder = keepLast();
  const whole = Buffer.concat(arrays.map((array) => Buffer.from(array.buffer)));
  results.push(
    await measure(
      "storage: reference: writeFileSync of the same 32.8 MB",
      1,
      (path) => writeFileSync(path, whole),
      {
        ...common,
        setup: fresh,
        note: "one new file, one write: the kernel's bound",
      },
    ),
  );
  const reference = keepLast();
  // a re-read skips the crc32 of values this process checked in files unchanged (and quiet for 1 s) since
  await sleep(1100);
  const hot = new CacheDict<Float32Array>({ folder });
  results.push(
    await measure("storage: 2,000 Float32Array(4096), hot read", ARRAYS, () => hot.getMany(keys), {
      ...common,
      runs: 11,
      warmup: 2,
      target: { mbPerSAtLeast: 3000 },
      note: "crc32 checked by the warm-up, remembered",
    }),
  );
  results.push(
    await measure("storage: reference: zlib.crc32 of 32.8 MB", 1, () => crc32(whole), {
      ...common,
      runs: 11,
      note: "what a first read of the file in a process also pays",
    }),
  );
  results.push(
    await measure("storage: reference: readFileSync of 32.8 MB, hot", 1, () => readFileSync(reference), {
      ...common,
      runs: 11,
      warmup: 2,
    }),
  );
  const cold = "storage: 2,000 Float32Array(4096), open + read, page cache dropped";
  if (!dropPageCache([folder])) {
    results.push(resultOf(cold, ARRAYS, Number.NaN, { note: "cannot drop the page cache (no dd)" }));
    return;
  }
  results.push(
    await measure(cold, ARRAYS, () => new CacheDict<Float32Array>({ folder }).getMany(keys), {
      ...common,
      setup: () => dropPageCache([folder]),
      target: { mbPerSAtLeast: 1000 },
    }),
  );
  results.push(
    await measure(
      "storage: reference: readFileSync of 32.8 MB, page cache dropped",
      1,
      () => readFileSync(reference),
      {
        ...common,
        setup: () => dropPageCache([reference]),
      },
    ),
  );
}

async function millionKeys(): Promise<void> {
  results.push(
    await measure("storage: 1,000,000 small keys, write", MANY, (f) => writeAll(f, MANY, (i) => i), {
      setup: fresh,
      gc: true,
      runs: 3,
    }),
  );
  results.push(
    await measureReported(
      "storage: 1,000,000 small keys, open + has() all in a fresh process",
      MANY,
      inFreshProcess("read", keepLast(), "has", String(MANY)),
      { runs: 3, note: "Node start-up not counted" },
    ),
  );
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "read") await readBack(args[0]!, args[1]!, Number(args[2]));
else if (mode === "bare") bareJs(Number(args[0]));
else if (mode === "msgpackr") msgpackrOnly(Number(args[0]));
else {
  root = mkdtempSync(join(tmpdir(), "exca-storage-bench-"));
  try {
    await smallValues();
    await typedArrays();
    await millionKeys();
    report(results);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

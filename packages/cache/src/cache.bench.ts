// Benchmark of memoize (not a test): `pnpm bench` at the root (or in packages/cache). Every scenario runs a
// warm-up then reports the median of several runs; one JSON line per scenario, then a table.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchResult, measure, report } from "@exca/bench";
import { memoize } from "./index.js";

const N = 20_000;
const root = mkdtempSync(join(tmpdir(), "exca-cache-bench-"));
const args = Array.from({ length: N }, (_, i) => ({ id: i, scale: 0.5 }));
const work = (p: { id: number; scale: number }) => ({ value: p.id * p.scale });
type Fn = (p: { id: number; scale: number }) => Promise<unknown>;
let count = 0;

const callAll = (fn: Fn) => Promise.all(args.map((a) => fn(a)));

/** A new folder name under the bench root. */
const folder = (): string => join(root, `disk-${count++}`);

/** A folder holding every result, written by a first memoized function. */
async function filled(): Promise<string> {
  const path = folder();
  const first = memoize(work, { folder: path, ram: false });
  await callAll(first);
  await first.flush();
  return path;
}

const results: BenchResult[] = [];
try {
  const options = { gc: true };
  results.push(
    await measure("cache: memoize first calls (compute + RAM)", N, callAll, {
      ...options,
      setup: () => memoize(work, { ram: N }),
    }),
  );
  results.push(
    await measure("cache: memoize RAM hits", N, callAll, {
      ...options,
      setup: async () => {
        const inRam = memoize(work, { ram: N });
        await callAll(inRam);
        return inRam;
      },
    }),
  );
  results.push(
    await measure(
      "cache: memoize first calls (compute + disk)",
      N,
      async (onDisk) => {
        await callAll(onDisk);
        await onDisk.flush();
      },
      { ...options, setup: () => memoize(work, { folder: folder(), ram: false }) },
    ),
  );
  const full = await filled();
  results.push(
    await measure("cache: memoize disk hits, new instance", N, callAll, {
      ...options,
      setup: () => memoize(work, { folder: full, ram: false }),
    }),
  );
  report(results);
} finally {
  rmSync(root, { recursive: true, force: true });
}

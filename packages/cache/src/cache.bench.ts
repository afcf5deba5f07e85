// Benchmark of memoize (not a test): `pnpm bench` in packages/cache. One JSON line per scenario, then a table.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchResult, formatTable, result, timeIt } from "@exca/storage/timing";
import { memoize } from "./index.js";

const N = 20_000;
const root = mkdtempSync(join(tmpdir(), "exca-cache-bench-"));
const results: BenchResult[] = [];
const args = Array.from({ length: N }, (_, i) => ({ id: i, scale: 0.5 }));
const work = (p: { id: number; scale: number }) => ({ value: p.id * p.scale });

try {
  const inRam = memoize(work, { ram: N });
  results.push(
    result(
      "memoize: first calls (compute + RAM)",
      N,
      await timeIt(() => Promise.all(args.map((a) => inRam(a)))),
    ),
  );
  results.push(result("memoize: RAM hits", N, await timeIt(() => Promise.all(args.map((a) => inRam(a))))));
  const folder = join(root, "disk");
  const onDisk = memoize(work, { folder, ram: false });
  const computeSeconds = await timeIt(async () => {
    await Promise.all(args.map((a) => onDisk(a)));
    await onDisk.flush();
  });
  results.push(result("memoize: first calls (compute + disk)", N, computeSeconds));
  const fresh = memoize(work, { folder, ram: false });
  results.push(
    result("memoize: disk hits, new instance", N, await timeIt(() => Promise.all(args.map((a) => fresh(a))))),
  );
  for (const entry of results) process.stdout.write(`${JSON.stringify(entry)}\n`);
  process.stdout.write(`\n${formatTable(results)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

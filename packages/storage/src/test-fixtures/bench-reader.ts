// Child process of storage.bench: opens a store written by the parent and reads it back, timing only that.
// argv: <folder> <mode: "get" | "has"> <n>; prints one JSON line { seconds, openSeconds, found, peakRssMb }.
import { CacheDict } from "../index.js";
import { peakRssMb, timeIt } from "../timing.js";

const [folder, mode, count] = process.argv.slice(2);
if (folder === undefined || (mode !== "get" && mode !== "has")) {
  process.stderr.write("usage: bench-reader <folder> <get|has> <n>\n");
  process.exit(2);
}
const keys = Array.from({ length: Number(count) }, (_, i) => `k${i}`);
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
const seconds = openSeconds + readSeconds;
process.stdout.write(`${JSON.stringify({ seconds, openSeconds, found, peakRssMb: peakRssMb() })}\n`);

// Child process: writes `count` keys `<prefix>-<i>` in batches of `batch`, one write() call (shard) per batch.
// argv: <folder> <prefix> <count> <batch>
import { CacheDict } from "../index.js";
import { valueFor } from "./values.js";

const [folder, prefix, count, batch] = process.argv.slice(2);
const store = new CacheDict({ folder: folder! });
const total = Number(count);
const size = Number(batch);
for (let start = 0; start < total; start += size) {
  await store.write((w) => {
    for (let i = start; i < Math.min(total, start + size); i++)
      w.set(`${prefix}-${i}`, valueFor(`${prefix}-${i}`));
  });
}

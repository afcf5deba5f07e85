// Child process: writes batches (with large typed arrays) forever, until the parent kills it with SIGKILL.
// Sends "ready" once the store is open. argv: <folder> <prefix>
import { CacheDict } from "../index.js";
import { valueFor } from "./values.js";

const [folder, prefix] = process.argv.slice(2);
const store = new CacheDict({ folder: folder! });
process.send?.("ready");
for (let batch = 0; ; batch++) {
  await store.write((w) => {
    for (let i = 0; i < 40; i++) w.set(`${prefix}-${batch}-${i}`, valueFor(`${prefix}-${batch}-${i}`, true));
  });
}

// Child process: while writers run, refreshes and checks every newly visible value until `expected` keys
// were checked. argv: <folder> <expected>; prints { checked, rounds } as JSON; exits 1 on a wrong value.
import { CacheDict } from "../index.js";
import { assertValueFor } from "./values.js";

const [folder, expected] = process.argv.slice(2);
const store = new CacheDict({ folder: folder!, refreshIntervalMs: 0 });
const checked = new Set<string>();
const deadline = Date.now() + 60_000;
let rounds = 0;
while (checked.size < Number(expected)) {
  if (Date.now() > deadline) throw new Error(`reader: only ${checked.size} of ${expected} keys appeared`);
  await store.refresh();
  const fresh = store.keys().filter((key) => !checked.has(key));
  const values = await store.getMany(fresh, checked);
  fresh.forEach((key, i) => {
    if (values[i] === checked) throw new Error(`reader: visible key ${key} could not be read`);
    assertValueFor(key, values[i]);
    checked.add(key);
  });
  rounds++;
  await new Promise((resolve) => setTimeout(resolve, 5));
}
process.stdout.write(`${JSON.stringify({ checked: checked.size, rounds })}\n`);

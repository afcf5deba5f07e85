// Child process: one operation on a store, printing its result as JSON.
// argv: <folder> <set|delete|has|get> <key> [json value]
import { CacheDict } from "../index.js";

const [folder, op, key, value] = process.argv.slice(2);
const store = new CacheDict({ folder: folder! });
let result: unknown;
if (op === "set") await store.write((w) => w.set(key!, JSON.parse(value!)));
else if (op === "delete") result = await store.delete(key!);
else if (op === "has") result = store.has(key!);
else result = (await store.get(key!)) ?? null;
process.stdout.write(`${JSON.stringify(result ?? null)}\n`);

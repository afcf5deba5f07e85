// Child process: memoizes `square` on a folder, calls it once, prints { calls, result } as JSON.
// argv: <folder> <x>
import { memoize } from "../index.js";

const [folder, x] = process.argv.slice(2);
let calls = 0;
const square = memoize(
  (input: { x: number }) => {
    calls++;
    return input.x * input.x;
  },
  { folder: folder!, name: "square", version: "1" },
);
const result = await square({ x: Number(x) });
await square.flush();
process.stdout.write(`${JSON.stringify({ calls, result })}\n`);

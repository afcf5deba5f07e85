// Child process: memoizes a slow function with the default options, calls it, says "resolved" and
// idles (no flush, no exit) until the test SIGKILLs it. argv: <folder>
import { memoize } from "../index.js";

const [folder] = process.argv.slice(2);
const slow = memoize(
  async (input: { x: number }) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return input.x * input.x;
  },
  { folder: folder!, name: "slow", version: "1" },
);
await slow({ x: 6 });
process.stdout.write("resolved\n");
setInterval(() => {}, 1000);

// Driver for the multi-process map tests: `node map-driver.js <json args>` maps items and prints a digest.
import type { ClusterName } from "@exca/executors";
import { DYING, type DyingWhen, registerDyingExecutor } from "./dying-executor.js";
import { CountingMap } from "./maps.js";

const args = JSON.parse(process.argv[2] ?? "{}") as {
  folder: string;
  countFile: string;
  from: number;
  to: number;
  delayMs?: number;
  progress?: boolean;
  cluster?: ClusterName | null;
  /** SIGKILL this process around its submission (see dying-executor.ts); replaces `cluster`. */
  die?: DyingWhen;
  /** With `die`: the workers wait for this file before computing. */
  gate?: string;
};
if (args.die !== undefined) registerDyingExecutor(args.die, args.gate);
const cluster = args.die === undefined ? (args.cluster ?? null) : (DYING as ClusterName);
const items = Array.from({ length: args.to - args.from }, (_, i) => args.from + i);
const mapper = new CountingMap({
  countFile: args.countFile,
  delayMs: args.delayMs ?? 0,
  infra: { folder: args.folder, progress: args.progress ?? false, cluster },
});
const results = (await mapper.process(items)) as unknown as { value: number }[];
const wrong = results.filter((result, i) => result.value !== items[i]! * 2).length;
process.stdout.write(`${JSON.stringify({ count: results.length, wrong })}\n`);

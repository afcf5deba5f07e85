// The exca tutorial, end to end. Run it twice: the second run reads everything from ./.exca-cache.
import { fileURLToPath } from "node:url";
import { ConfDict, ConfigError, fromObject, fromYaml, toYaml, uid } from "exca";
import { Experiment } from "./configs.js";
import { inspectCommand } from "./hint.js";
import { registerThreadExecutor } from "./thread-executor.js";
import { slowSquare, TutorialMap, TutorialTask } from "./tutorial.js";

const CACHE = ".exca-cache";
const out = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};

/** Runs `fn`, saying how long it took and whether the result came from the cache. */
async function timed<T>(label: string, wasCached: boolean, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await fn();
  const ms = (performance.now() - start).toFixed(1);
  out(`  ${label}: ${wasCached ? "from cache" : "computed"} in ${ms} ms`);
  return value;
}

out("1. Configs: typed, validated, with a stable uid");
const overrides = ConfDict.fromArgs(process.argv.slice(2));
const base = new ConfDict({
  model: { data: { x: 12 } },
  optimizer: { kind: "sgd", lr: 0.05 },
  device: "cuda:0",
});
const experiment = fromObject(Experiment, base.update(overrides).toObject()); // checked at run time
out(`  uid: ${uid(experiment)}   (device is excluded, defaults are left out)`);
out(toYaml(experiment).trimEnd().replace(/^/gm, "    "));
out(`  reloaded from YAML, same uid: ${uid(fromYaml(Experiment, toYaml(experiment))) === uid(experiment)}`);
try {
  // The compiler refuses this input too (x is an integer): the expect-error line proves it.
  // @ts-expect-error
  new Experiment({ model: { data: { x: "twelve" } }, optimizer: { kind: "rmsprop" }, epochs: 0 });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  out(`  bad input is refused:\n${error.message.replace(/^/gm, "    ")}`);
}

out("\n2. TaskInfra: one config, one cached computation");
const task = new TutorialTask({ param: 1, infra: { folder: CACHE } });
const cached = (await task.infra.status()) === "completed";
const value = await timed("TutorialTask(param=1)", cached, () => task.process());
const again = await new TutorialTask({ param: 1, infra: { folder: CACHE } }).process();
out(`  value ${value.toFixed(4)}; an equal config gets the same value: ${again === value}`);
out(`  cache folder: ${task.infra.uidFolder()}`);

const inChild = new TutorialTask({ param: 2, infra: { folder: CACHE, cluster: "process" } });
const childCached = (await inChild.infra.status()) === "completed";
await timed(`TutorialTask(param=2) in a child process`, childCached, () => inChild.process());

out("\n3. MapInfra: a config applied to many items, cached per item, in a process pool");
const mapper = new TutorialMap({ infra: { folder: CACHE, cluster: "process", maxJobs: 4 } });
const items = Array.from({ length: 40 }, (_, i) => i + 1);
let known = 0;
for await (const _ of mapper.infra.iterCached()) known++;
const arrays = await timed(`TutorialMap over ${items.length} items`, known >= items.length, async () =>
  mapper.process(items),
);
out(
  `  shapes: ${arrays
    .slice(0, 5)
    .map((a) => a.length)
    .join(", ")}, ... (${arrays.length} arrays)`,
);

out("\n4. withInfra: a plain function, cached");
const squareCached = (await slowSquare.task({ x: 12 }).infra.status()) === "completed";
out(`  slowSquare({ x: 12 }) = ${await timed("slowSquare", squareCached, () => slowSquare({ x: 12 }))}`);

out("\n5. A custom executor (worker threads), registered by name");
registerThreadExecutor();
const threaded = new TutorialTask({ param: 3, infra: { folder: CACHE, cluster: "threads" } });
const threadCached = (await threaded.infra.status()) === "completed";
await timed("TutorialTask(param=3) on cluster threads", threadCached, () => threaded.process());
// Where the user typed the command (tooling/dev.sh and pnpm change folders before running this).
const here = process.env.EXCA_USER_CWD ?? process.env.INIT_CWD ?? process.cwd();
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
out(
  `\nRun again: everything above now comes from ${CACHE}/. Inspect it with:\n  ${inspectCommand(CACHE, here, repoRoot)}`,
);

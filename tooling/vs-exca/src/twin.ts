// The TypeScript twin of exca-py's bench.py: the same scenarios, the same work (the same number of tasks
// and items, arrays made inside the mapped method, "warm" read in a fresh process, fresh folders), through
// the public `exca` package only. Prints one JSON line per scenario in bench.py's format on stdout.
//
// Usage: node twin.js --root <fresh empty folder> [--only task,map_small,...] [--scale-n 1000000]
// Groups, in bench.py's order: startup, task, map_small, map_arrays, uid, local, map_partial; then the
// rows bench.py does not have: slurm (needs sbatch), scale, limits (the plain-Node bounds of this machine).
import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { peakRssMb } from "@exca/bench";
import "@exca/slurm";
import {
  ARRAY_LENGTH,
  ArrayMap,
  BenchTask,
  Experiment,
  experimentConfig,
  LocalTask,
  mapped,
  SlurmTask,
  SmallMap,
} from "./models.js";
import { folderStats, type Row, rowOf } from "./rows.js";

const N_TASKS = 200;
const N_MAP_SMALL = 20_000;
const N_MAP_ARRAYS = 2_000;
const N_UID = 10_000;
const N_LOCAL_JOBS = 5;
const N_SLURM_ARRAY = 40;
const ARRAY_BYTES = ARRAY_LENGTH * 4;
const self = fileURLToPath(import.meta.url);
const here = join(self, "..", "..");

const now = (): number => performance.now() / 1000;
const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);

function emit(row: Row): void {
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`twin check failed: ${what}`);
}

/** Runs this file in a fresh Node process in child mode; returns what it printed and the wall time. */
function runChild(
  phase: string,
  root: string,
  extra: string[] = [],
): { seconds: number; peakRssMb: number; wall: number } {
  const start = now();
  const out = execFileSync(process.execPath, [self, "--child", phase, "--root", root, ...extra], {
    encoding: "utf8",
  });
  const wall = now() - start;
  const lines = out.trim().split("\n");
  return { ...(JSON.parse(lines[lines.length - 1]!) as { seconds: number; peakRssMb: number }), wall };
}

const taskObjects = (folder: string, keepInRam = false): BenchTask[] =>
  // keepInRam false: exca-py's default (keep_in_ram=False), which bench.py's task scenarios use
  range(0, N_TASKS).map((param) => new BenchTask({ param, infra: { folder, keepInRam } }));

async function processAll<T>(objs: { process(): Promise<T> }[]): Promise<T[]> {
  const outs: T[] = [];
  for (const obj of objs) outs.push(await obj.process());
  return outs;
}

async function scTask(root: string): Promise<void> {
  const folder = join(root, "task");
  let start = now();
  const cpu = process.cpuUsage();
  const objs = taskObjects(folder);
  const outs = await processAll(objs);
  const cold = now() - start;
  const { user, system } = process.cpuUsage(cpu);
  check(outs[7]?.square === 49 && outs[7].name === "p7", "task_cold outputs");
  // CPU time split: system time is the kernel's file-system work, which other processes' writeback slows
  const split = `cpu user ${(user / N_TASKS).toFixed(0)} us + system ${(system / N_TASKS).toFixed(0)} us per task`;
  emit(rowOf("task_cold", N_TASKS, cold, `create object + process(); ${split}; ${folderStats(folder).text}`));
  start = now();
  const outs2 = await processAll(objs);
  emit(rowOf("task_warm_ram", N_TASKS, now() - start, "same objects, keepInRam false: read back"));
  check(JSON.stringify(outs2) === JSON.stringify(outs), "task_warm_ram outputs");
  const kept = taskObjects(folder, true);
  await processAll(kept);
  start = now();
  await processAll(kept);
  emit(rowOf("task_warm_ram_keep", N_TASKS, now() - start, "keepInRam true, 2nd call: RAM hit"));
  const child = runChild("task_warm_disk", root);
  emit(rowOf("task_warm_disk", N_TASKS, child.seconds, `fresh process, wall ${child.wall.toFixed(2)} s`));
}

async function childTaskWarmDisk(root: string): Promise<number> {
  const start = now();
  const outs = await processAll(taskObjects(join(root, "task")));
  const seconds = now() - start;
  check(outs[7]?.square === 49, "task_warm_disk outputs");
  return seconds;
}

async function mapSmall(folder: string, items: number[]): Promise<number[]> {
  return await mapped(new SmallMap({ infra: { folder, cluster: null } }).process(items));
}

async function scMapSmall(root: string): Promise<void> {
  const folder = join(root, "map_small");
  const start = now();
  const out = await mapSmall(folder, range(0, N_MAP_SMALL));
  const cold = now() - start;
  check(out[10] === 5 && out.length === N_MAP_SMALL, "map_cold_small outputs");
  emit(rowOf("map_cold_small", N_MAP_SMALL, cold, folderStats(folder).text));
  const child = runChild("map_warm_small", root);
  emit(rowOf("map_warm_small", N_MAP_SMALL, child.seconds, `fresh process, wall ${child.wall.toFixed(2)} s`));
}

async function childMapWarmSmall(root: string): Promise<number> {
  const start = now();
  const out = await mapSmall(join(root, "map_small"), range(0, N_MAP_SMALL));
  const seconds = now() - start;
  check(out[10] === 5 && out.length === N_MAP_SMALL, "map_warm_small outputs");
  return seconds;
}

async function scMapPartial(root: string): Promise<void> {
  const folder = join(root, "map_partial");
  await mapSmall(folder, range(0, N_MAP_SMALL, 2));
  const start = now();
  const out = await mapSmall(folder, range(0, N_MAP_SMALL));
  const seconds = now() - start;
  check(out[11] === 5.5 && out.length === N_MAP_SMALL, "map_partial outputs");
  emit(rowOf("map_partial", N_MAP_SMALL, seconds, "even half cached by another object"));
}

async function scMapArrays(root: string): Promise<void> {
  const folder = join(root, "map_arrays");
  const bytes = N_MAP_ARRAYS * ARRAY_BYTES;
  const start = now();
  const out = await mapped(
    new ArrayMap({ infra: { folder, cluster: null } }).process(range(0, N_MAP_ARRAYS)),
  );
  const cold = now() - start;
  check(out[3]?.length === ARRAY_LENGTH && out[3][65] === 3, "map_cold_arrays outputs");
  emit(rowOf("map_cold_arrays", N_MAP_ARRAYS, cold, folderStats(folder).text, { bytes }));
  const child = runChild("map_warm_arrays", root);
  emit(rowOf("map_warm_arrays", N_MAP_ARRAYS, child.seconds, `fresh process, each array copied`, { bytes }));
}

async function childMapWarmArrays(root: string): Promise<number> {
  const start = now();
  const arrays = new ArrayMap({ infra: { folder: join(root, "map_arrays"), cluster: null } });
  let total = 0;
  for (const array of await mapped(arrays.process(range(0, N_MAP_ARRAYS)))) {
    const copy = new Float32Array(array); // bench.py forces each memmap view into RAM (np.array copy)
    total += copy[0]!;
  }
  const seconds = now() - start;
  check(total === ((N_MAP_ARRAYS - 1) * N_MAP_ARRAYS) / 2, "map_warm_arrays sum");
  return seconds;
}

async function scUid(root: string): Promise<void> {
  const folder = join(root, "uid");
  mkdirSync(folder);
  const cfgs = range(0, N_UID).map(experimentConfig);
  let start = now();
  const objs = cfgs.map((cfg) => new Experiment(cfg));
  const build = now() - start;
  start = now();
  const uids = objs.map((obj) => obj.infra.uid());
  const seconds = now() - start;
  check(new Set(uids).size === N_UID, "uids differ");
  const withFolder = cfgs.map((cfg) => new Experiment({ ...cfg, infra: { folder } }));
  start = now();
  const uidsFolder = withFolder.map((obj) => obj.infra.uid());
  const secondsFolder = now() - start;
  check(uidsFolder.join() === uids.join(), "uids with a folder");
  start = now();
  for (const obj of objs) obj.infra.uid();
  const again = now() - start;
  const us = (s: number): string => ((s / N_UID) * 1e6).toFixed(2);
  emit(
    rowOf(
      "uid_compute",
      N_UID,
      seconds,
      `first infra.uid(); construction ${us(build)} us/item; 2nd call ${us(again)} us/item; eg ${uids[1]}`,
    ),
  );
  emit(rowOf("uid_compute_folder", N_UID, secondsFolder, "same, infra.folder set"));
}

async function scLocal(root: string): Promise<void> {
  const folder = join(root, "local");
  const objs = range(0, N_LOCAL_JOBS).map(
    (param) => new LocalTask({ param, infra: { folder, cluster: "process" } }),
  );
  const times: number[] = [];
  const start = now();
  for (const obj of objs) {
    const t1 = now();
    await obj.infra.job(); // submits
    const out = await obj.process(); // waits for the result
    times.push(now() - t1);
    check(out.param === obj.param && out.pid !== process.pid, "local_process outputs");
  }
  emit(
    rowOf(
      "local_process",
      N_LOCAL_JOBS,
      now() - start,
      `cluster "process", sequential; per job s: ${times.map((t) => t.toFixed(3)).join(", ")}`,
    ),
  );
  const objs2 = range(0, N_LOCAL_JOBS).map(
    (i) => new LocalTask({ param: 100 + i, infra: { folder, cluster: "process" } }),
  );
  const seconds = await arrayThenEach(objs2, "local_process_array");
  emit(rowOf("local_process_array", N_LOCAL_JOBS, seconds, "jobArray of 5, then process() each"));
}

/** Seconds to submit `objs` (params 100, 101, ...) as one jobArray and read every result back, checked. */
async function arrayThenEach(objs: (LocalTask | SlurmTask)[], scenario: string): Promise<number> {
  const start = now();
  await objs[0]!.infra.jobArray((array) => {
    array.push(...objs);
  });
  const outs = await processAll(objs);
  check(
    outs.every((out, i) => out.param === 100 + i),
    `${scenario} outputs`,
  );
  return now() - start;
}

async function scSlurm(root: string): Promise<void> {
  const folder = join(root, "slurm");
  const infra = { folder, cluster: "slurm" as const };
  const start = now();
  const out = await new SlurmTask({ param: 1, infra }).process();
  check(out.param === 1, "slurm_one output");
  emit(rowOf("slurm_one", 1, now() - start, "process() of a trivial task on Slurm, submit to result"));
  const objs = range(0, N_SLURM_ARRAY).map((i) => new SlurmTask({ param: 100 + i, infra }));
  const seconds = await arrayThenEach(objs, "slurm_array");
  emit(rowOf("slurm_array", N_SLURM_ARRAY, seconds, "jobArray of 40 trivial tasks, submit to all results"));
}

async function scScale(root: string, n: number): Promise<void> {
  const folder = join(root, "scale");
  const start = now();
  const out = await mapSmall(folder, range(0, n));
  const cold = now() - start;
  check(out[10] === 5 && out.length === n, "scale_cold outputs");
  const coldRss = peakRssMb();
  const disk = folderStats(folder);
  const child = runChild("scale_warm", root, ["--scale-n", String(n)]);
  const extra = (rss: number) => ({ peakRssMb: rss, diskMb: disk.bytes / 1e6 });
  emit(rowOf("scale_cold", n, cold, `${n} floats; ${disk.text}`, extra(coldRss)));
  emit(rowOf("scale_warm", n, child.seconds, "fresh process", extra(child.peakRssMb)));
}

async function childScaleWarm(root: string, n: number): Promise<number> {
  const start = now();
  const out = await mapSmall(join(root, "scale"), range(0, n));
  const seconds = now() - start;
  check(out[10] === 5 && out.length === n, "scale_warm outputs");
  return seconds;
}

/** The plain-Node bounds of this machine for the same work, without exca. */
function scLimits(root: string): void {
  const folder = join(root, "limits");
  mkdirSync(folder);
  // arrays: the same 2,000 x 16 KiB arrays, made in the loop, written with writeSync to one file
  const file = join(folder, "arrays.bin");
  let start = now();
  const fd = openSync(file, "w");
  for (let i = 0; i < N_MAP_ARRAYS; i++) writeSync(fd, new Float32Array(ARRAY_LENGTH).fill(i));
  closeSync(fd);
  emit(
    rowOf("limit_arrays_write", N_MAP_ARRAYS, now() - start, "plain writeSync loop", {
      bytes: N_MAP_ARRAYS * ARRAY_BYTES,
    }),
  );
  const read = runChild("limit_arrays_read", root);
  emit(
    rowOf("limit_arrays_read", N_MAP_ARRAYS, read.seconds, "plain readSync loop, fresh process", {
      bytes: N_MAP_ARRAYS * ARRAY_BYTES,
    }),
  );
  // tasks: one small file per task, nothing else
  const tasks = join(folder, "tasks");
  mkdirSync(tasks);
  start = now();
  for (let i = 0; i < N_TASKS; i++) writeFileSync(join(tasks, `t${i}`), "");
  emit(rowOf("limit_task_files", N_TASKS, now() - start, "empty writeFileSync of one file per task"));
  rmSync(folder, { recursive: true, force: true });
}

function childLimitArraysRead(root: string): number {
  const start = now();
  const fd = openSync(join(root, "limits", "arrays.bin"), "r");
  let total = 0;
  for (let i = 0; i < N_MAP_ARRAYS; i++) {
    const array = new Float32Array(ARRAY_LENGTH);
    readSync(fd, array, 0, ARRAY_BYTES, i * ARRAY_BYTES);
    total += array[0]!;
  }
  closeSync(fd);
  check(total === ((N_MAP_ARRAYS - 1) * N_MAP_ARRAYS) / 2, "limit_arrays_read sum");
  return now() - start;
}

/** bench.py's startup_import: min of 3 walls of `node -e "import('exca')"`, and of bare `node -e 0`. */
function scStartup(): void {
  const wall = (code: string): number => {
    const start = now();
    execFileSync(process.execPath, ["-e", code], { cwd: here, stdio: "ignore" });
    return now() - start;
  };
  const bare = Math.min(...[0, 1, 2].map(() => wall("0")));
  const imported = Math.min(...[0, 1, 2].map(() => wall(`import("exca")`)));
  emit(rowOf("startup_bare", 1, bare, "wall of `node -e 0` (min of 3)"));
  emit(rowOf("startup_import", 1, imported, `wall of node -e "import('exca')" (min of 3)`));
}

const SCENARIOS: Record<string, (root: string, scaleN: number) => Promise<void> | void> = {
  startup: scStartup,
  task: scTask,
  map_small: scMapSmall,
  map_arrays: scMapArrays,
  uid: scUid,
  local: scLocal,
  map_partial: scMapPartial,
  slurm: scSlurm,
  scale: scScale,
  limits: scLimits,
};
const CHILDREN: Record<string, (root: string, scaleN: number) => Promise<number> | number> = {
  task_warm_disk: childTaskWarmDisk,
  map_warm_small: childMapWarmSmall,
  map_warm_arrays: childMapWarmArrays,
  scale_warm: childScaleWarm,
  limit_arrays_read: childLimitArraysRead,
};

const { values } = parseArgs({
  options: {
    root: { type: "string" },
    only: { type: "string", default: "" },
    child: { type: "string" },
    "scale-n": { type: "string", default: "1000000" },
  },
});
const root = values.root;
if (root === undefined) throw new Error("twin: --root <fresh empty folder> is required");
const scaleN = Number(values["scale-n"]);
if (values.child !== undefined) {
  const seconds = await CHILDREN[values.child]!(root, scaleN);
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: peakRssMb() })}\n`);
  process.exit(0);
}
mkdirSync(root, { recursive: true });
if (readdirSync(root).length > 0) throw new Error(`twin: --root ${root} must be empty (fresh cache folder)`);
const names = values.only.split(",").filter((name) => name !== "");
for (const name of names.length > 0
  ? names
  : Object.keys(SCENARIOS).filter((n) => n !== "slurm" && n !== "scale")) {
  const scenario = SCENARIOS[name];
  if (scenario === undefined)
    throw new Error(`twin: unknown group ${name}; known: ${Object.keys(SCENARIOS)}`);
  const start = now();
  try {
    await scenario(root, scaleN);
  } catch (error) {
    process.exitCode = 1;
    emit(rowOf(name, 0, Number.NaN, `FAILED: ${(error as Error).stack ?? error}`.slice(0, 500)));
  }
  process.stderr.write(`# ${name}: ${(now() - start).toFixed(1)} s\n`);
}

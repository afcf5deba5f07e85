import { existsSync } from "node:fs";
import { basename } from "node:path";
import { getLogger } from "@exca/config";
import { getExecutor, type Job, type JobSpec, refuseWhileImporting } from "@exca/executors";
import { checkConfigFiles, type InfraContext, infraJobSpec, makeFolder } from "@exca/infra";
import type { CacheDict, CacheType } from "@exca/storage";
import type { ResultBoard } from "./call.js";
import { toChunks } from "./chunks.js";
import { Inflight } from "./claims.js";
import { computeInto } from "./compute.js";
import { MAP_HANDLER, type MapSpecExtra } from "./handler.js";
import { Progress } from "./progress.js";
import { type MapState, storeOf } from "./state.js";

const log = getLogger("map");

/** Infra fields a map reads, besides the common ones. */
export interface MapValues {
  maxJobs: number | null;
  minItemsPerJob: number;
  forbidSingleItemComputation: boolean;
  progress: boolean;
}

/** One call of a map method. */
export interface MapRun {
  context: InfraContext;
  state: MapState;
  /** The items of the board's distinct keys, by position. */
  items: unknown[];
  board: ResultBoard;
  cacheType: CacheType | undefined;
}

/** Computes what is missing of a call and fills its board with every result. */
export async function runMap(run: MapRun): Promise<void> {
  const { context, state } = run;
  const { keys } = run.board;
  refuseWhileImporting(`${context.owner.constructor.name}.${context.method.name}()`);
  const values = context.infra as unknown as MapValues;
  // readOnly never writes: not even the folder of a map never computed.
  const { folder } = context.infra;
  const writable = state.mode !== "readOnly" || (folder !== undefined && existsSync(context.uidFolder()));
  if (folder !== undefined && !state.configsChecked && writable) {
    makeFolder(context.uidFolder(), context.infra.permissions);
    checkConfigFiles(context.uidFolder(), context.views(), context.infra.permissions);
    state.configsChecked = true;
  }
  const store = storeOf(context, state, run.cacheType);
  if (state.mode === "force") {
    if (store !== null) {
      await store.write((writer) => {
        for (const key of keys) if (store.has(key)) writer.delete(key);
      });
    }
    state.mode = "cached";
  }
  // One index lookup per key: what is stored goes on the board now, the rest is computed.
  const missing = store === null ? [...keys] : await loadResults(run, store);
  if (state.mode === "readOnly" && missing.length > 0) {
    throw new Error(
      `mode readOnly: ${missing.length} of ${keys.length} items are not computed (e.g. ${JSON.stringify(missing[0])}) in ${context.uid()}`,
    );
  }
  // As in exca: only a call for exactly one item, missing, is refused (a precomputed set with a hole).
  if (values.forbidSingleItemComputation && keys.length === 1 && missing.length === 1) {
    throw new Error(
      `forbidSingleItemComputation: refusing to compute the single missing item ${JSON.stringify(missing[0])}`,
    );
  }
  const progress = new Progress(missing.length, context.jobName(), values.progress);
  if (missing.length > 0) await computeMissing(run, store, missing, progress);
  if (store !== null) {
    // What was computed here is on the board already; what other processes computed is read now.
    let unreadable = await loadResults(run, store);
    // Damaged results (storage warned, naming the file) read as missing from now on: compute them again.
    if (unreadable.length > 0 && state.mode !== "readOnly") {
      await computeMissing(run, store, unreadable, progress);
      unreadable = await loadResults(run, store);
    }
    if (unreadable.length > 0)
      throw new Error(
        `item ${JSON.stringify(unreadable[0])} has no readable result in ${store.folder ?? "RAM"}${state.mode === "readOnly" ? " (mode readOnly)" : " after computing"}`,
      );
  }
  progress.finish();
}

const MISSING = Symbol("missing");

/**
 * Puts the stored results of the call's keys not on its board yet there; returns the keys that are not
 * stored or could not be read.
 */
async function loadResults(run: MapRun, store: CacheDict): Promise<string[]> {
  const { board } = run;
  const { keys } = board;
  // a full board (every result read or computed here): no list of the positions left (8 MB at 1M items)
  if (board.size === keys.length) return [];
  // positions of the keys not on the board (all of them, the usual first time: no list)
  const positions =
    board.size === 0 ? undefined : keys.map((_, i) => i).filter((position) => !board.hasAt(position));
  if (positions?.length === 0) return [];
  const pending = positions === undefined ? keys : positions.map((position) => keys[position]!);
  const loaded = await store.getMany(pending, MISSING);
  if (positions === undefined && board.size === 0 && !loaded.includes(MISSING)) {
    board.adopt(loaded);
    return [];
  }
  const unreadable: string[] = [];
  for (let i = 0; i < pending.length; i++) {
    if (loaded[i] === MISSING) unreadable.push(pending[i]!);
    else board.setAt(positions === undefined ? i : positions[i]!, loaded[i]);
  }
  return unreadable;
}

async function computeMissing(
  run: MapRun,
  store: CacheDict | null,
  missing: string[],
  progress: Progress,
): Promise<void> {
  const { context } = run;
  if (store === null || store.folder === undefined) {
    await computeHere(run, store, missing, progress);
    return;
  }
  const inflight = new Inflight(context.uidFolder(), context.infra.permissions);
  let todo = missing;
  while (todo.length > 0) {
    const claim = await inflight.claim(
      todo,
      () => store.refresh(),
      (key) => store.has(key),
    );
    try {
      if (claim.mine.length > 0) {
        // Even a single item goes to the cluster (its resources: a GPU, memory), unless that runs here.
        if (getExecutor(context.infra.cluster).inProcess) await computeHere(run, store, claim.mine, progress);
        else
          await computeInJobs(run, store, claim.mine, progress, claim.file!, (records) =>
            inflight.addRecords(claim.file!, records),
          );
      }
    } finally {
      inflight.release(claim.file);
    }
    todo = await waitForOthers(store, inflight, claim.others, progress);
  }
}

/** Runs the method in this process on the items of `keys`. */
async function computeHere(
  run: MapRun,
  store: CacheDict | null,
  keys: string[],
  progress: Progress,
): Promise<void> {
  const { context, board } = run;
  const positions = new Int32Array(keys.length);
  let next = 0;
  for (let i = 0; i < keys.length; i++) {
    positions[i] = board.positionNear(keys[i]!, next);
    next = positions[i]! + 1;
  }
  const items = Array.from(positions, (position) => run.items[position]);
  const call = (chunk: unknown[]): unknown =>
    context.method.original.call(context.owner, ...([chunk] as never[]));
  await computeInto(
    call,
    `${context.owner.constructor.name}.${context.method.name}`,
    items,
    keys,
    store,
    (i, value) => {
      board.setAt(positions[i]!, value);
      progress.add();
    },
  );
}

/**
 * Splits `keys` (claimed in the claim file `claim`, which the workers enlist in) into jobs (maxJobs,
 * minItemsPerJob), submits them at once, and waits for them all.
 */
async function computeInJobs(
  run: MapRun,
  store: CacheDict,
  keys: string[],
  progress: Progress,
  claim: string,
  onSubmitted: (records: ReturnType<Job["record"]>[]) => Promise<void>,
): Promise<void> {
  const { context } = run;
  const values = context.infra as unknown as MapValues;
  const chunks = toChunks(keys, values.maxJobs ?? undefined, values.minItemsPerJob);
  const base = await baseSpec(run, basename(claim));
  const specs = chunks.map(
    (chunk, i): JobSpec => ({
      ...base,
      name: `${base.name}#${i}`,
      items: chunk.map((key) => run.items[run.board.positionOf(key)]),
      extra: { ...(base.extra as object), keys: chunk } as unknown as Record<string, unknown>,
    }),
  );
  const executor = getExecutor(context.infra.cluster);
  log.info(`${keys.length} items in ${specs.length} jobs on ${executor.name}`);
  const jobs = await executor.submitMany(specs);
  await onSubmitted(jobs.map((job) => job.record()));
  const ended = Promise.all(jobs.map((job) => job.wait()));
  let finished = false;
  void ended.finally(() => {
    finished = true;
  });
  while (!finished) {
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 500))]);
    await store.refresh();
    progress.update(keys.filter((key) => store.has(key)).length);
  }
  const outcomes = await ended;
  const failed = outcomes
    .map((outcome, i) => ({ outcome, job: jobs[i]! }))
    .filter(({ outcome }) => outcome.state !== "completed");
  if (failed.length > 0) {
    const lines = failed.map(
      ({ outcome, job }) =>
        `  job ${job.jobId}: ${outcome.state} ${outcome.message ?? ""} (logs: ${job.record().stderrPath ?? "none"})`,
    );
    throw new Error(
      `${failed.length} of ${jobs.length} map jobs failed (results of the others are kept):\n${lines.join("\n")}`,
    );
  }
}

async function baseSpec(run: MapRun, claim: string): Promise<JobSpec> {
  const { context } = run;
  const extra: MapSpecExtra = { uidFolder: context.uidFolder(), keys: [], infraKey: context.infraKey, claim };
  if (run.cacheType !== undefined) extra.cacheType = run.cacheType;
  if (context.infra.permissions !== undefined) extra.permissions = context.infra.permissions;
  return infraJobSpec(context, MAP_HANDLER, extra, false);
}

/** Waits for items other processes claimed; returns those whose claim died, to take over. */
async function waitForOthers(
  store: CacheDict,
  inflight: Inflight,
  keys: string[],
  progress: Progress,
): Promise<string[]> {
  let pending = keys;
  while (pending.length > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Claims first, then results (see Inflight.claim): an item whose claim was released meanwhile is done.
    const orphaned = new Set(await inflight.orphans(pending));
    await store.refresh();
    const before = pending.length;
    pending = pending.filter((key) => !store.has(key));
    progress.add(before - pending.length);
    const orphans = pending.filter((key) => orphaned.has(key));
    if (orphans.length > 0) {
      log.warn(`taking over ${orphans.length} items whose claim died`);
      return orphans;
    }
  }
  return [];
}

import { existsSync, utimesSync } from "node:fs";
import { rm } from "node:fs/promises";
import { ConfigError, getLogger } from "@exca/config";
import {
  assertOwnFile,
  getExecutor,
  HEARTBEAT_MS,
  type Job,
  type JobSpec,
  refuseWhileImporting,
} from "@exca/executors";
import {
  assertInsideCache,
  checkConfigFiles,
  claimedJob,
  type Holding,
  heldJob,
  holdClaim,
  type InfraContext,
  infraJobSpec,
  issue,
  type JobFile,
  jobFilePath,
  readJobFile,
  recordJob,
  removeJobFile,
  removeJobFileIf,
  removeTree,
  tryClaim,
  UID_FOLDER_ENTRIES,
  uidFolderPath,
} from "@exca/infra";
import { registerLocalRun, TASK_HANDLER, type TaskSpecExtra } from "./handler.js";
import { TaskJob } from "./task-job.js";

const log = getLogger("task");

/** Where a task is in its life, as `status()` reports it. */
export type TaskStatus = "not submitted" | "running" | "completed" | "failed";

/** What is on disk (or in RAM) for a task, and the live job if one runs. */
export interface Found {
  status: TaskStatus;
  job?: Job;
  /** True when `job` is one this process submitted (it is told when the job ends, without polling). */
  own?: boolean;
}

/** What is on disk (or in RAM) for a task. */
export async function find(context: InfraContext): Promise<Found> {
  const stored = context.state.ram ?? (await context.results().read());
  if (stored !== undefined) return { status: stored.ok ? "completed" : "failed" };
  const file = readJobFile(context.uidFolder());
  if (file === undefined) return { status: "not submitted" };
  const own = file.owner.pid === process.pid ? heldJob(context.uidFolder()) : undefined;
  let job: Job;
  let ownsJob = false;
  if (own !== undefined) {
    // Claimed by this very process: follow its job (once submitted), never declare it dead.
    const ownJob = await own;
    if (ownJob === undefined) return find(context); // its submission failed and the claim is gone
    job = ownJob;
    ownsJob = true;
  } else {
    // Claimed but not submitted yet: follow the claiming process (the in-process executor watches owners).
    // The job file's mtime is the claimer's heartbeat (see keepAlive).
    const { executor, record } = claimedJob(context.uidFolder(), file);
    job = getExecutor(executor).reattach(record);
  }
  // A result may have landed between the two reads.
  if ((await context.results().read()) !== undefined) return find(context);
  if (!(await job.done())) return { status: "running", job, own: ownsJob };
  if (context.results().written()) {
    // The job wrote an outcome that cannot be read back (damaged: storage warned naming the file, or
    // dropped by `exca verify --repair`): it is lost, not failed, so compute it again.
    log.warn(`the result of ${context.uid()} in ${context.results().folder} is unreadable: recomputing it`);
    removeJobFileIf(context.uidFolder(), file);
    return { status: "not submitted" };
  }
  return { status: "failed", job };
}

/** The task's status, from RAM, then the uid folder. */
export async function taskStatus(context: InfraContext): Promise<TaskStatus> {
  if (context.infra.folder === undefined)
    return context.state.ram === undefined ? "not submitted" : context.state.ram.ok ? "completed" : "failed";
  return (await find(context)).status;
}

/**
 * Cancels a running job, then forgets the result (the uid config views stay). A running job whose
 * record this user did not write alone (another user's job, or a crafted job record) is neither
 * signalled nor cleared: an UntrustedFileError names the file.
 */
export async function clearJob(context: InfraContext): Promise<void> {
  context.state.ram = undefined;
  if (context.infra.folder === undefined) return;
  assertFolderInside(context);
  const found = await find(context);
  if (found.status === "running") {
    assertOwnFile(jobFilePath(context.uidFolder()), `cancel the job recorded in it (task ${context.uid()})`);
    try {
      await found.job?.cancel();
    } catch (error) {
      log.warn(`could not cancel the job of ${context.uid()}`, error);
    }
  }
  const folder = context.uidFolder();
  await context.results().clear();
  await Promise.all([removeJobFile(folder), rm(uidFolderPath(folder, "config"), { force: true })]);
  const logs = uidFolderPath(folder, "logs");
  const kept = removeTree(logs);
  if (kept.length > 0) log.warn(`kept ${kept.length} log file(s) of another user in ${logs}`);
}

/**
 * The job of a task: the cached outcome, a running job (this process's or another's), or a new one,
 * depending on the mode. `force` and `retry` act once per object, then it behaves as `cached`.
 */
export async function taskJob(context: InfraContext): Promise<TaskJob> {
  refuseWhileImporting(`${context.owner.constructor.name}.${context.method.name}()`);
  const folder = context.uidFolder();
  const mode = context.state.mode;
  const notComputed = (): Error =>
    new Error(`mode readOnly: task ${context.uid()} is not computed (in ${folder})`);
  // readOnly never writes: not even the folder of a task never computed.
  if (mode === "readOnly" && !existsSync(folder)) throw notComputed();
  await ensureFolder(context);
  let found = await find(context);
  const recompute =
    found.status === "not submitted" || mode === "force" || (mode === "retry" && found.status === "failed");
  if (mode === "readOnly" && found.status === "not submitted") throw notComputed();
  if (mode !== "readOnly" && recompute) {
    if (found.status !== "not submitted") await clearJob(context);
    if (mode === "force" || mode === "retry") context.state.mode = "cached";
    const submitted = await submit(context);
    if (submitted !== undefined) return submitted;
    found = await find(context); // another process claimed it first: follow its job
  }
  // A job this process submitted (`infra.job()` then the method) is followed to its end, not polled:
  // polling its result every 50 ms added 0-50 ms (25 on average) to every child-process job.
  return new TaskJob(context, found.job, found.own === true);
}

/** A claimed task ready to submit: its spec, and the claim to complete with the job's record. */
export interface Prepared {
  context: InfraContext;
  claim: JobFile;
  spec: JobSpec;
  /** Lets other callers in this process follow the job. */
  holding: Holding;
}

/** Claims a task and builds its spec; undefined when another process claimed it first. */
export async function prepare(context: InfraContext): Promise<Prepared | undefined> {
  const folder = context.uidFolder();
  const executor = getExecutor(context.infra.cluster);
  const claim = tryClaim(folder, executor.name, context.infra.permissions);
  if (claim === undefined) return undefined;
  const holding = holdClaim(folder);
  try {
    return { context, claim, holding, spec: await buildSpec(context, executor.inProcess) };
  } catch (error) {
    removeJobFile(folder);
    holding.abandoned();
    throw error;
  }
}

/** Records a submitted job in its claim (so other processes can follow it) and wraps it for users. */
export async function submitted(prepared: Prepared, job: Job, inProcess: boolean): Promise<TaskJob> {
  const { context, claim, holding } = prepared;
  holding.submitted(job);
  if (!inProcess) {
    recordJob(context.uidFolder(), claim, job.record(), context.infra.permissions);
    // From now on the job file names the job for other processes; callers in this process keep following
    // the job itself until it ends (find: own), told of its end rather than polling for its result (the
    // 50 ms poll added ~25 ms to `infra.job()` then the method, per child-process job). An in-process job
    // is released by its handler, when stored.
    void job.wait().then(holding.ended, holding.ended);
  }
  keepAlive(jobFilePath(context.uidFolder()), job);
  return new TaskJob(context, job, true);
}

/** Refreshes the heartbeat of a claim (its mtime) while the job it records runs. */
function keepAlive(path: string, job: Job): void {
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // removed or replaced meanwhile: nothing of ours to refresh
    }
  }, HEARTBEAT_MS);
  timer.unref();
  void job.wait().finally(() => clearInterval(timer));
}

/** Gives up a claim whose submission failed. */
export async function abandon(prepared: Prepared): Promise<void> {
  removeJobFile(prepared.context.uidFolder());
  prepared.holding.abandoned();
}

async function submit(context: InfraContext): Promise<TaskJob | undefined> {
  const prepared = await prepare(context);
  if (prepared === undefined) return undefined;
  const executor = getExecutor(context.infra.cluster);
  try {
    return await submitted(prepared, await executor.submit(prepared.spec), executor.inProcess);
  } catch (error) {
    await abandon(prepared);
    throw error;
  }
}

/** Creates the uid folder and checks or writes its config files, once per object. */
export async function ensureFolder(context: InfraContext): Promise<void> {
  if (context.state.configsChecked) return;
  const folder = context.uidFolder();
  checkConfigFiles(folder, context.views(), context.infra.permissions);
  context.state.configsChecked = true;
}

async function buildSpec(context: InfraContext, inProcess: boolean): Promise<JobSpec> {
  const extra: TaskSpecExtra = { uidFolder: context.uidFolder() };
  if (context.infra.permissions !== undefined) extra.permissions = context.infra.permissions;
  if (inProcess) {
    extra.localId = registerLocalRun({
      owner: context.owner,
      state: context.state,
      keepInRam: context.infra.keepInRam,
    });
  }
  return infraJobSpec(context, TASK_HANDLER, extra, inProcess);
}

/** Runs a decorated method: RAM, then cache, then computes as the mode says. */
export async function runTask(context: InfraContext): Promise<unknown> {
  // No refuseWhileImporting here: a RAM hit submits nothing (and its cost doubled a RAM hit), and taskJob,
  // the only path that submits work, checks it.
  const { infra, state } = context;
  if (infra.keepInRam && state.ram !== undefined && state.mode === "cached") return unwrap(context);
  if (infra.folder === undefined) return runWithoutFolder(context);
  return (await taskJob(context)).result();
}

async function runWithoutFolder(context: InfraContext): Promise<unknown> {
  if (!context.inProcess) {
    throw new ConfigError(context.owner.constructor.name, [
      issue(
        context.infraKey,
        "folder",
        `cluster ${JSON.stringify(context.infra.cluster)} needs a folder (only in-process clusters work without one)`,
      ),
    ]);
  }
  if (context.state.mode === "readOnly")
    throw new Error(`mode readOnly: task ${context.uid()} has no folder to read from`);
  context.state.mode = "cached";
  const value = await context.method.original.call(context.owner);
  if (context.infra.keepInRam) context.state.ram = { ok: true, value };
  return value;
}

function unwrap(context: InfraContext): unknown {
  const ram = context.state.ram!;
  if (ram.ok) return ram.value;
  return new TaskJob(context, undefined, false).result();
}

/** Refuses a uid folder reached through a symlink, or holding symlinks where exca writes (see assertInsideCache). */
function assertFolderInside(context: InfraContext): void {
  const root = context.infra.folder;
  if (root !== undefined) assertInsideCache(root, context.uidFolder(), UID_FOLDER_ENTRIES);
}

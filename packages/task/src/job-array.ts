import { existsSync } from "node:fs";
import { getLogger, toYaml } from "@exca/config";
import { getExecutor, refuseWhileImporting } from "@exca/executors";
import { InfraContext, methodFor, ownerOf } from "@exca/infra";
import { abandon, clearJob, ensureFolder, find, type Prepared, prepare, submitted } from "./run.js";
import { TaskJob } from "./task-job.js";

const log = getLogger("task");

/** Options of `jobArray`. */
export interface JobArrayOptions {
  /** Keep the first of tasks with the same uid (with a warning) instead of refusing them. @default false */
  allowRepeated?: boolean;
}

/**
 * Lets `fill` add task objects, then submits every one that needs computing in one go (one Slurm array
 * on Slurm). What needs computing follows the mode of the infra that `jobArray` was called on: missing
 * ones always, failed ones unless `cached`, all of them with `force` (once: then the owner and the tasks
 * act as `cached`); `readOnly` submits nothing and throws when a task is missing. Returns one job per
 * distinct task.
 */
export async function submitArray(
  owner: InfraContext,
  fill: (tasks: object[]) => void | Promise<void>,
  options: JobArrayOptions = {},
): Promise<TaskJob[]> {
  refuseWhileImporting(`${owner.owner.constructor.name}.${owner.infraKey}.jobArray()`);
  const tasks: object[] = [];
  await fill(tasks);
  const contexts = distinct(tasks, options.allowRepeated === true);
  const mode = owner.state.mode;
  if (mode === "readOnly") return readOnlyJobs(contexts);
  const jobs = new Map<InfraContext, TaskJob>();
  const toSubmit: Prepared[] = [];
  for (const context of contexts) {
    await ensureFolder(context);
    const found = await find(context);
    const recompute =
      found.status === "not submitted" ||
      mode === "force" ||
      (found.status === "failed" && mode !== "cached");
    if (!recompute) {
      jobs.set(context, new TaskJob(context, found.job, false));
      continue;
    }
    if (found.status !== "not submitted") await clearJob(context);
    // Recomputed by this array: `force`/`retry` acted on this task (as `taskJob` does for one task).
    if (context.state.mode === "force" || context.state.mode === "retry") context.state.mode = "cached";
    const prepared = await prepare(context);
    if (prepared === undefined) jobs.set(context, new TaskJob(context, (await find(context)).job, false));
    else toSubmit.push(prepared);
  }
  if (mode === "force" || mode === "retry") owner.state.mode = "cached";
  const executor = getExecutor(owner.infra.cluster);
  if (toSubmit.length > 0) {
    log.info(`submitting ${toSubmit.length} of ${contexts.length} tasks to ${executor.name}`);
    try {
      const submittedJobs = await executor.submitMany(toSubmit.map((prepared) => prepared.spec));
      for (const [i, prepared] of toSubmit.entries()) {
        jobs.set(prepared.context, await submitted(prepared, submittedJobs[i]!, executor.inProcess));
      }
    } catch (error) {
      await Promise.all(toSubmit.map(abandon));
      throw error;
    }
  }
  return contexts.map((context) => jobs.get(context)!);
}

/** The jobs of a readOnly array: every task must be computed already; nothing is written or submitted. */
async function readOnlyJobs(contexts: readonly InfraContext[]): Promise<TaskJob[]> {
  const jobs: TaskJob[] = [];
  const missing: InfraContext[] = [];
  for (const context of contexts) {
    const found = existsSync(context.uidFolder()) ? await find(context) : { status: "not submitted" };
    if (found.status === "not submitted") missing.push(context);
    else jobs.push(new TaskJob(context, "job" in found ? found.job : undefined, false));
  }
  if (missing.length > 0) {
    throw new Error(
      `mode readOnly: ${missing.length} of ${contexts.length} tasks of the job array are not computed ` +
        `(e.g. ${missing[0]!.uid()} in ${missing[0]!.infra.folder}): nothing was submitted; compute them with an owner in mode cached`,
    );
  }
  return jobs;
}

function contextOf(task: object): InfraContext {
  const fields = task as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === "object" && value !== null) {
      try {
        if (ownerOf(value).owner === task) return new InfraContext(task, key, methodFor(task, key, "task"));
      } catch {
        // not an infra
      }
    }
  }
  throw new TypeError(`${task.constructor.name} has no task infra: only task objects can go in a job array`);
}

function distinct(tasks: readonly object[], allowRepeated: boolean): InfraContext[] {
  const byUid = new Map<string, InfraContext>();
  for (const task of tasks) {
    const context = contextOf(task);
    const id = context.uid();
    const first = byUid.get(id);
    if (first === undefined) {
      byUid.set(id, context);
      continue;
    }
    const message = `two tasks of the job array have the same uid ${id}:\n${toYaml(first.owner)}---\n${toYaml(task)}`;
    if (!allowRepeated) throw new Error(`${message}(pass { allowRepeated: true } to keep the first)`);
    log.warn(message);
  }
  return [...byUid.values()];
}

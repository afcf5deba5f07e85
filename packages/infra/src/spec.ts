import { userInfo } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type { JobSpec, ModuleRef, Resources } from "@exca/executors";
import type { InfraContext } from "./context.js";
import { makeFolder } from "./files.js";
import { locateTarget } from "./locate.js";
import { UID_FOLDER } from "./uid-folder.js";
import { prepareWorkdir, useWorkdir } from "./workdir.js";

/**
 * The job's folder (executors keep its spec there; its logs go to `<job folder>/logs`): the uid folder
 * by default. With the infra's `logs` template (`{folder}`: the uid folder, `{user}`), the logs land in
 * the folder it names when that ends with `logs` (its parent is the job folder: `{folder}/logs` means
 * `<uid folder>/logs`, not `.../logs/logs`), else in its `logs` subfolder.
 */
export function jobFolder(context: InfraContext): string {
  const uidFolder = context.uidFolder();
  const template = context.infra.logs;
  if (template === undefined) return uidFolder;
  const logs = resolve(template.replaceAll("{folder}", uidFolder).replaceAll("{user}", userInfo().username));
  return basename(logs) === UID_FOLDER.logs ? dirname(logs) : logs;
}

/** Where the executors write a job's logs (the spec's `logs`): `<job folder>/logs`. */
export function jobLogsFolder(context: InfraContext, folder: string = jobFolder(context)): string {
  return join(folder, UID_FOLDER.logs);
}

/**
 * The JobSpec of an infra's job: its handler and extra data, the logs folder (created), resources, and,
 * for out-of-process runs, the located class, the full config and the workdir copy. Shared by every infra.
 */
export async function infraJobSpec(
  context: InfraContext,
  handler: ModuleRef,
  extra: object,
  inProcess: boolean,
): Promise<JobSpec> {
  const folder = jobFolder(context);
  makeFolder(folder, context.infra.permissions);
  const spec: JobSpec = {
    handler,
    target: inProcess ? { moduleUrl: "", exportName: "" } : await locateTarget(context.owner, context.method),
    config: inProcess ? {} : context.views().config,
    method: context.method.name,
    folder,
    logs: jobLogsFolder(context, folder),
    permissions: context.infra.permissions,
    name: context.jobName(),
    resources: context.resources() as Resources,
    extra: extra as Record<string, unknown>,
  };
  const workdir = inProcess ? undefined : await prepareWorkdir(context);
  return workdir === undefined ? spec : useWorkdir(spec, workdir);
}

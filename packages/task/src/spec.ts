import { userInfo } from "node:os";
import type { JobSpec, ModuleRef, Resources } from "@exca/executors";
import type { TaskContext } from "./context.js";
import { makeFolder } from "./files.js";
import { locateTarget } from "./locate.js";
import { prepareWorkdir, useWorkdir } from "./workdir.js";

/** The folder of a job's logs: the infra's `logs` template (`{folder}`: the uid folder, `{user}`), else the uid folder. */
export function logsFolder(context: TaskContext): string {
  const uidFolder = context.uidFolder();
  const template = context.infra.logs;
  if (template === undefined) return uidFolder;
  return template.replaceAll("{folder}", uidFolder).replaceAll("{user}", userInfo().username);
}

/**
 * The JobSpec of an infra's job: its handler and extra data, the logs folder (created), resources, and,
 * for out-of-process runs, the located class, the full config and the workdir copy. Shared by every infra.
 */
export async function infraJobSpec(
  context: TaskContext,
  handler: ModuleRef,
  extra: object,
  inProcess: boolean,
): Promise<JobSpec> {
  const folder = logsFolder(context);
  makeFolder(folder, context.infra.permissions);
  const spec: JobSpec = {
    handler,
    target: inProcess ? { moduleUrl: "", exportName: "" } : await locateTarget(context.owner, context.method),
    config: inProcess ? {} : context.views().config,
    method: context.method.name,
    folder,
    permissions: context.infra.permissions,
    name: context.jobName(),
    resources: context.resources() as Resources,
    extra: extra as Record<string, unknown>,
  };
  const workdir = inProcess ? undefined : await prepareWorkdir(context);
  return workdir === undefined ? spec : useWorkdir(spec, workdir);
}

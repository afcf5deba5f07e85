import { importRef } from "./locate.js";
import type { JobSpec } from "./types.js";

/** The function a JobSpec's handler names: runs the job and writes its results. */
export type JobHandler = (spec: JobSpec) => Promise<void>;

/** Imports a spec's handler and runs it in this process. */
export async function runHandler(spec: JobSpec): Promise<void> {
  const handler = await importRef<JobHandler>(spec.handler);
  if (typeof handler !== "function") throw new TypeError(`${spec.handler.exportName} is not a function`);
  await handler(spec);
}

import { fileURLToPath } from "node:url";
import { importRef } from "./locate.js";
import { assertOwnTree } from "./safe-files.js";
import type { JobSpec } from "./types.js";

/** The function a JobSpec's handler names: runs the job and writes its results. */
export type JobHandler = (spec: JobSpec) => Promise<void>;

/**
 * Imports a spec's handler and runs it in this process. A target module inside the job's code copy is
 * imported only when the copy's files on its path are this user's alone (the copy lies in a shared folder).
 */
export async function runHandler(spec: JobSpec): Promise<void> {
  const { codeCopy, target } = spec;
  if (codeCopy !== undefined && target.moduleUrl.startsWith("file:"))
    assertOwnTree(
      codeCopy,
      fileURLToPath(target.moduleUrl),
      `import ${target.exportName} from the code copy`,
    );
  const handler = await importRef<JobHandler>(spec.handler);
  if (typeof handler !== "function") throw new TypeError(`${spec.handler.exportName} is not a function`);
  await handler(spec);
}

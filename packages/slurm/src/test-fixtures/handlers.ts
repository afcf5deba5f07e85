// Job handlers of the executor tests, run by the worker on the cluster.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobSpec } from "@exca/executors";

/** Writes `<folder>/<name>.env.json`: the working directory and the variables the test looks at. */
export async function reportEnv(spec: JobSpec): Promise<void> {
  const pick = (prefix: string): Record<string, string> =>
    Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith(prefix))) as Record<
      string,
      string
    >;
  const report = { cwd: process.cwd(), slurm: pick("SLURM_"), exca: pick("EXCA_") };
  await writeFile(join(spec.folder, `${spec.name}.env.json`), JSON.stringify(report));
}

/** Sleeps `config.ms` milliseconds. */
export async function sleep(spec: JobSpec): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Number(spec.config.ms)));
}

/** Does nothing (the job's cost is the worker's start). */
export async function noop(): Promise<void> {}

/** Always throws. */
export async function fail(spec: JobSpec): Promise<void> {
  throw new Error(`planned failure of ${spec.name}`);
}

/** A spec running one of these handlers, in `folder`, with `config` (read by the handler). */
export function handlerSpec(
  folder: string,
  name: string,
  handler: string,
  resources: JobSpec["resources"] = {},
  config: Record<string, unknown> = {},
): JobSpec {
  const ref = { moduleUrl: import.meta.url, exportName: handler };
  const logs = join(folder, "logs");
  return { handler: ref, target: ref, config, method: handler, folder, logs, name, resources };
}

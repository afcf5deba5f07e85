import { rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { JobSpec } from "@exca/executors";

/** Writes a spec as JSON in its job folder (atomically) and returns the absolute path. */
export async function writeSpecFile(spec: JobSpec, name: string): Promise<string> {
  const path = resolve(join(spec.folder, `${name}.spec.json`));
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(spec));
  await rename(tmp, path);
  return path;
}

/** The absolute folder of a job's log files: `<spec.folder>/logs`. */
export function logsDir(spec: JobSpec): string {
  return resolve(spec.folder, "logs");
}

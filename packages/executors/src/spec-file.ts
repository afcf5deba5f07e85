import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobSpec } from "./types.js";

/** The mode of the files a job creates, from its spec's `permissions` (undefined: the umask decides). */
export function fileMode(spec: JobSpec): number | undefined {
  return spec.permissions === undefined ? undefined : spec.permissions & 0o666;
}

/** Writes a spec next to the job's files (atomically, with the spec's permissions) and returns its path. */
export async function writeSpec(spec: JobSpec, jobId: string): Promise<string> {
  const path = join(spec.folder, `${jobId}.spec.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  const mode = fileMode(spec);
  await writeFile(tmp, JSON.stringify(spec), { mode });
  if (mode !== undefined) await chmod(tmp, mode); // the open mode is masked by the umask
  await rename(tmp, path);
  return path;
}

/** Reads a spec written by {@link writeSpec}. */
export async function readSpec(path: string): Promise<JobSpec> {
  return JSON.parse(await readFile(path, "utf8")) as JobSpec;
}

import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobSpec } from "./types.js";

/** Writes a spec next to the job's files (atomically) and returns its path. */
export async function writeSpec(spec: JobSpec, jobId: string): Promise<string> {
  const path = join(spec.folder, `${jobId}.spec.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(spec));
  await rename(tmp, path);
  return path;
}

/** Reads a spec written by {@link writeSpec}. */
export async function readSpec(path: string): Promise<JobSpec> {
  return JSON.parse(await readFile(path, "utf8")) as JobSpec;
}

import { resolve } from "node:path";
import { type JobSpec, makeFolderWithMode, ownerWritableMode } from "@exca/executors";

/**
 * Creates `<spec.logs>/<token>`, a fresh folder for one submission's log files, that only its owner
 * may write: Slurm opens the logs for appending and follows symlinks, so nobody else may name a file there
 * (the job ids are sequential, the names predictable). Fails when the name exists.
 */
export async function makeLogsFolder(spec: JobSpec, token: string): Promise<string> {
  const parent = resolve(spec.logs);
  const { permissions } = spec;
  makeFolderWithMode(parent, permissions);
  const folder = resolve(parent, token);
  const mode = ownerWritableMode(permissions) | ((ownerWritableMode(permissions) & 0o444) >> 2);
  makeFolderWithMode(folder, mode, { recursive: false, exact: permissions !== undefined });
  return folder;
}

/**
 * The `SLURM_UMASK` that gives the log files Slurm creates the mode of {@link ownerWritableMode}: Slurm
 * applies the submitter's umask, which `permissions` must override.
 */
export function slurmUmask(spec: JobSpec): Record<string, string> {
  if (spec.permissions === undefined) return {};
  return { SLURM_UMASK: (~ownerWritableMode(spec.permissions) & 0o777).toString(8).padStart(4, "0") };
}

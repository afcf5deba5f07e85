/** Prefixes of the variables Slurm sets inside a job (and that would leak into jobs submitted from it). */
const JOB_PREFIXES = ["SLURM_", "SLURMD_", "SRUN_"];
/** Kept although they match: they configure the client commands, not a job. */
const KEPT = new Set(["SLURM_CONF"]);

/**
 * The environment for Slurm commands: this process's, without the variables of the job it may run in
 * (`SLURM_JOB_ID`, `SLURM_CPUS_PER_TASK`, ...), which sbatch would otherwise apply to the new job.
 */
export function slurmEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (!KEPT.has(key) && JOB_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
    clean[key] = value;
  }
  return clean;
}

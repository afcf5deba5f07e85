import "./register.js";

export type { SlurmCommand } from "./cli.js";
export { SlurmCommandError } from "./errors.js";
export type { SlurmExecutor, SlurmStats } from "./executor.js";
export { slurmExecutor } from "./executor.js";
export type { SlurmExecutorOptions, StateSource } from "./options.js";
export { jobName, resourceArgs } from "./sbatch-args.js";
export { slurmEnv } from "./slurm-env.js";

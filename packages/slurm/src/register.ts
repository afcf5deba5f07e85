// Importing @exca/slurm makes `cluster: "slurm"` available, and `cluster: "auto"` pick it where sbatch exists.
import { registerAutoProbe, registerExecutor } from "@exca/executors";
import { slurmExecutor } from "./executor.js";
import { onPath } from "./on-path.js";

declare module "@exca/executors" {
  interface ExcaClusters {
    /** On a Slurm cluster (`sbatch`), from `@exca/slurm`. */
    slurm: true;
  }
}

registerExecutor("slurm", (options) => slurmExecutor(options));
registerAutoProbe(() => (onPath("sbatch") ? "slurm" : undefined));

import { getLogger } from "@exca/config";
import type { SlurmCli } from "./cli.js";

const log = getLogger("slurm");
/** Slurm's default MaxArraySize. */
const DEFAULT_MAX_ARRAY_SIZE = 1001;

/** The cluster's MaxArraySize, from `scontrol show config` (Slurm's default when that fails). */
export async function readMaxArraySize(cli: SlurmCli): Promise<number> {
  try {
    const config = await cli.run("scontrol", ["show", "config"]);
    const match = /^MaxArraySize\s*=\s*(\d+)/m.exec(config);
    if (match !== null && Number(match[1]) > 0) return Number(match[1]);
    log.warn(`no MaxArraySize in \`scontrol show config\`: assuming ${DEFAULT_MAX_ARRAY_SIZE}`);
  } catch (error) {
    log.warn(`${(error as Error).message}: assuming MaxArraySize=${DEFAULT_MAX_ARRAY_SIZE}`);
  }
  return DEFAULT_MAX_ARRAY_SIZE;
}

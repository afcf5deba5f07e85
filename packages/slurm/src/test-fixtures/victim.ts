// The victim's side of the shared-cache tests: `node victim.js <json VictimArgs>`, run as the victim user,
// computes (or clears) a SlowTask in the shared folder and prints one JSON line: { ok, value?, error? }.
import "../index.js";
import { type ClusterName, registerExecutor } from "@exca/executors";
import { slurmExecutor } from "../executor.js";
import { SlowTask } from "./tasks.js";

/** What the victim does. */
export interface VictimArgs {
  folder: string;
  cluster: ClusterName | null;
  value: number;
  permissions?: number;
  /** `run` calls process(); `clear` calls clearJob(). */
  action: "run" | "clear";
  /** Extra sbatch options (e.g. `begin: "now+3"` to keep the job pending a while). */
  slurm?: Record<string, string>;
}

/** What the victim prints. */
export interface VictimReport {
  ok: boolean;
  value?: unknown;
  error?: string;
}

registerExecutor("slurm", () => slurmExecutor({ pollIntervalMs: 250, maxPollIntervalMs: 1000 }));

/** The victim's task, as the test (as root) also builds it to find its uid folder. */
export function victimTask(args: Omit<VictimArgs, "action">): SlowTask {
  return new SlowTask({
    value: args.value,
    infra: {
      folder: args.folder,
      cluster: args.cluster,
      permissions: args.permissions,
      slurmAdditionalParameters: args.slurm,
    },
  });
}

if (process.argv[2] !== undefined) {
  const args = JSON.parse(process.argv[2]) as VictimArgs;
  const task = victimTask(args);
  let report: VictimReport;
  try {
    if (args.action === "run") report = { ok: true, value: await task.process() };
    else {
      await task.infra.clearJob();
      report = { ok: true };
    }
  } catch (error) {
    report = { ok: false, error: `${(error as Error).name}: ${(error as Error).message}` };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

// A "process" executor whose submitting process SIGKILLs itself around a submission, for the tests of
// claims whose driver died: "beforeSubmit" dies having started nothing; "afterSubmit" dies once the
// workers are started, before the driver can name them in its claim. With a gate (a file path), the
// workers wait for that file to exist before they run the map handler: started, but not computing yet.
import { existsSync } from "node:fs";
import { type Executor, getExecutor, type JobSpec, registerExecutor } from "@exca/executors";
import { runMapJob } from "../index.js";

/** The cluster name of the dying executor. */
export const DYING = "dying";

/** When the submitting process kills itself. */
export type DyingWhen = "beforeSubmit" | "afterSubmit";

const die = (): never => {
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable: SIGKILL was sent to this process");
};

const GATED = { moduleUrl: import.meta.url, exportName: "gatedMapJob" } as const;

/** Registers `cluster: "dying"` in this process. */
export function registerDyingExecutor(when: DyingWhen, gate?: string): void {
  registerExecutor(DYING, (): Executor => {
    const real = getExecutor("process");
    const gated = (spec: JobSpec): JobSpec =>
      gate === undefined ? spec : { ...spec, handler: GATED, extra: { ...spec.extra, gate } };
    const submitMany: Executor["submitMany"] = async (specs) => {
      if (when === "beforeSubmit") die();
      await real.submitMany(specs.map(gated));
      return die();
    };
    return {
      name: DYING,
      inProcess: false,
      submit: async (spec) => (await submitMany([spec]))[0]!,
      submitMany,
      reattach: (record) => real.reattach(record),
    };
  });
}

/** The map handler, once the file `spec.extra.gate` exists. */
export async function gatedMapJob(spec: JobSpec): Promise<void> {
  const gate = String(spec.extra?.gate);
  while (!existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 20));
  await runMapJob(spec);
}

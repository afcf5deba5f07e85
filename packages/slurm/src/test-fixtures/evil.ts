// The attacker's job handler (shared-cache tests): if a worker ever runs it, it leaves a marker naming the
// uid it ran as. A real attacker would do anything the victim may do.
import { writeFileSync } from "node:fs";
import type { JobSpec } from "@exca/executors";

/** Writes `spec.extra.marker` with the uid of the process. */
export async function evil(spec: JobSpec): Promise<void> {
  writeFileSync(String(spec.extra?.marker), `ran as uid ${process.getuid?.()}\n`);
}

// Job handlers used by the executor conformance suite; exported so that any executor package can run it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobSpec } from "./types.js";

/** Prints to both streams, then writes `<folder>/<name>.done` holding the config. */
export async function writeMarker(spec: JobSpec): Promise<void> {
  process.stdout.write(`hello from ${spec.name}\n`);
  process.stderr.write(`note from ${spec.name}\n`);
  await writeFile(join(spec.folder, `${spec.name}.done`), JSON.stringify(spec.config));
}

/** Always throws. */
export async function failing(spec: JobSpec): Promise<void> {
  throw new Error(`boom in ${spec.name}`);
}

/** Sleeps `config.ms` milliseconds, then writes its marker. */
export async function sleeping(spec: JobSpec): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Number(spec.config.ms)));
  await writeMarker(spec);
}

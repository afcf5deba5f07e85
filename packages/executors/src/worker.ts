// Worker entry point: `node [loader flags] worker.js <spec.json> <sha256>`. Rebuilds the call from the
// spec, once its hash matches the one given by the submitter, and runs it in this process; the handler
// writes the result or the error. Exits non-zero on failure.
import { getLogger } from "@exca/config";
import { runHandler } from "./run-handler.js";
import { readSpec } from "./spec-file.js";

const log = getLogger("worker");
const [specPath, sha256] = process.argv.slice(2);
if (specPath === undefined) {
  log.error("usage: worker.js <spec.json> <sha256>");
  process.exit(2);
}
process.env.EXCA_WORKER = "1";
try {
  await runHandler(await readSpec(specPath, sha256));
  process.exitCode = 0;
} catch (error) {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`exca worker: job failed: ${text}\n`);
  process.exitCode = 1;
}

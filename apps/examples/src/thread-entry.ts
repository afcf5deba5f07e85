// Entry of a worker thread of the example "threads" executor: runs one job spec.
import { parentPort, workerData } from "node:worker_threads";
import { type JobSpec, runHandler } from "@exca/executors";

try {
  await runHandler(workerData as JobSpec);
  parentPort?.postMessage({ ok: true });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
}

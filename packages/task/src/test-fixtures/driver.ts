// A separate driver process for the multi-process tests: `node driver.js <action> <json args>`.
import type { ClusterName } from "@exca/executors";
import { FailingTask, SlowTask } from "./tasks.js";

const [action = "", raw = "{}"] = process.argv.slice(2);
const args = JSON.parse(raw) as {
  folder: string;
  ms?: number;
  value?: number;
  countFile?: string;
  cluster?: ClusterName;
};
const task = new SlowTask({
  ms: args.ms ?? 0,
  value: args.value ?? 7,
  countFile: args.countFile ?? "",
  infra: { folder: args.folder, cluster: args.cluster ?? "process" },
});
if (action === "submit") {
  // Start the job, print its record, and exit without waiting: the job must outlive this process.
  const job = await task.infra.job();
  process.stdout.write(`${JSON.stringify({ jobId: job.jobId })}\n`);
  process.exit(0);
} else if (action === "compute") {
  process.stdout.write(`${JSON.stringify(await task.process())}\n`);
} else if (action === "fail") {
  // Computes a failing task in a worker process (its failure is stored), and prints the error message.
  const failing = new FailingTask({ infra: { folder: args.folder, cluster: args.cluster ?? "process" } });
  const message = await failing.process().then(
    () => "no failure",
    (error: Error) => error.message,
  );
  process.stdout.write(`${JSON.stringify({ message })}\n`);
}

// A separate driver process for the multi-process tests: `node driver.js <action> <json args>`.
import { SlowTask } from "./tasks.js";

const [action = "", raw = "{}"] = process.argv.slice(2);
const args = JSON.parse(raw) as {
  folder: string;
  ms?: number;
  value?: number;
  countFile?: string;
  cluster?: string;
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
}

// A driver process for the reattach test: `node driver.js <folder> <value>` submits a SlowTask to Slurm,
// prints the job id, then idles until it is killed. The job must outlive it.
import "../index.js";
import { SlowTask } from "./tasks.js";

const [folder = "", value = "0"] = process.argv.slice(2);
const task = new SlowTask({ ms: 2000, value: Number(value), infra: { folder, cluster: "slurm" } });
const job = await task.infra.job();
process.stdout.write(`${job.jobId}\n`);
setInterval(() => undefined, 60_000);

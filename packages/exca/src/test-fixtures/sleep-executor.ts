// A third-party executor, as an outside package would write one: `cluster: "sleeper"` starts a detached
// `sleep` per job (the job never computes; it is running until cancelled). Importing it registers it.
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { type Executor, isProcessAlive, type Job, type JobRecord, registerExecutor } from "@exca/executors";

// What a third-party package declares next to its registerExecutor call, so that `cluster: "sleeper"` compiles.
declare module "@exca/executors" {
  interface ExcaClusters {
    sleeper: true;
  }
}

function sleepJob(record: JobRecord): Job {
  const pid = Number(record.detail?.pid);
  const done = async (): Promise<boolean> => !isProcessAlive(pid);
  return {
    jobId: record.jobId,
    executor: record.executor,
    done,
    state: async () => ((await done()) ? "cancelled" : "running"),
    wait: async () => {
      while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
      return { state: "cancelled" };
    },
    cancel: async () => {
      if (!(await done())) process.kill(pid, "SIGTERM");
    },
    stdout: async () => "",
    stderr: async () => "",
    record: () => record,
  };
}

const executor: Executor = {
  name: "sleeper",
  inProcess: false,
  async submit() {
    const child = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    child.unref();
    const pid = child.pid ?? 0;
    return sleepJob({
      executor: "sleeper",
      jobId: `sleep-${pid}`,
      host: hostname(),
      submittedAt: new Date().toISOString(),
      detail: { pid },
    });
  },
  async submitMany(specs) {
    return Promise.all(specs.map((spec) => this.submit(spec)));
  },
  reattach: sleepJob,
};

registerExecutor("sleeper", () => executor);

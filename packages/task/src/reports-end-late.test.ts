// A task returns its result before its job's end is reported only when the executor says it reports ends
// late (`reportsEndLate`, Slurm's case), whatever its name.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ClusterName,
  type Executor,
  type Job,
  type JobOutcome,
  type JobState,
  processExecutor,
  RecordedJob,
  registerExecutor,
} from "@exca/executors";
import { tempFolders } from "@exca/test-utils";
import { SlowTask } from "./test-fixtures/tasks.js";

declare module "@exca/executors" {
  interface ExcaClusters {
    "late-declared": true;
    "late-undeclared": true;
  }
}

/** How late the jobs below report their end: far above a child process's run. */
const LATE_MS = 6000;

/** A child-process job whose end is reported LATE_MS after it happened, as a polled scheduler may. */
class ReportedLate extends RecordedJob {
  readonly #inner: Job;
  #reported: Promise<JobOutcome> | undefined;
  #outcome: JobOutcome | undefined;

  constructor(inner: Job) {
    super(inner.record());
    this.#inner = inner;
  }

  wait(): Promise<JobOutcome> {
    this.#reported ??= this.#inner.wait().then(async (outcome) => {
      await new Promise((resolve) => setTimeout(resolve, LATE_MS));
      this.#outcome = outcome;
      return outcome;
    });
    return this.#reported;
  }

  async state(): Promise<JobState> {
    void this.wait();
    return this.#outcome?.state ?? "running";
  }

  cancel(): Promise<void> {
    return this.#inner.cancel();
  }
}

/** The process executor with late reports, under `name`, declaring them or not. */
function lateExecutor(name: string, reportsEndLate: boolean | undefined): Executor {
  const inner = processExecutor();
  return {
    name,
    inProcess: false,
    ...(reportsEndLate === undefined ? {} : { reportsEndLate }),
    submit: async (spec) => new ReportedLate(await inner.submit(spec)),
    submitMany: async (specs) => (await inner.submitMany(specs)).map((job) => new ReportedLate(job)),
    reattach: (record) => inner.reattach(record),
  };
}
registerExecutor("late-declared", () => lateExecutor("late-declared", true));
registerExecutor("late-undeclared", () => lateExecutor("late-undeclared", undefined));

describe("reportsEndLate", { timeout: 60_000 }, () => {
  const { folder } = tempFolders("task-late");

  /** Computes a task on `cluster`: its value and how long `process()` took. */
  async function timed(cluster: ClusterName, value: number): Promise<{ value: number; ms: number }> {
    const start = Date.now();
    const result = await new SlowTask({ value, infra: { folder: folder(), cluster } }).process();
    return { value: result.value, ms: Date.now() - start };
  }

  it("returns the stored result without waiting for a late report, when the executor declares it", async () => {
    const { value, ms } = await timed("late-declared", 3);
    assert.equal(value, 3);
    assert.ok(ms < LATE_MS, `took ${ms} ms: waited for the late report`);
  });

  it("waits for the job's reported end when the executor does not declare late reports (not by name)", async () => {
    const { value, ms } = await timed("late-undeclared", 4);
    assert.equal(value, 4);
    assert.ok(ms >= LATE_MS, `took ${ms} ms: returned before the job's end was reported`);
  });
});

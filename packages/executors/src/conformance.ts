// The shared conformance suite: every executor (local, debug, process, slurm, third-party) must pass it.
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Executor, JobSpec } from "./types.js";

/** What an executor is expected to support beyond the basics. */
export interface ConformanceOptions {
  /** stdout/stderr land in log files readable through the job. */
  capturesLogs: boolean;
  /** A running job can be stopped by `cancel()`. */
  cancelsRunning: boolean;
  /** `resources.timeoutMin` stops a job and reports `timeout`. */
  enforcesTimeout: boolean;
  /** Jobs start only when awaited (the debug executor). */
  lazy?: boolean;
  /** Slack for slow schedulers, in ms. @default 20000 */
  patienceMs?: number;
}

const HANDLERS = new URL("./conformance-handlers.js", import.meta.url).href;

/** Registers the conformance tests of one executor with `node:test`. */
export function executorConformance(label: string, make: () => Executor, options: ConformanceOptions): void {
  // A time limit, so that a job that never ends fails the suite instead of hanging it.
  const timeout = 3 * (options.patienceMs ?? 20_000);
  describe(`executor conformance: ${label}`, { timeout }, () => {
    let folder = "";
    let executor: Executor;
    const spec = (
      name: string,
      handler: string,
      config: Record<string, unknown> = {},
      timeoutMin?: number,
    ): JobSpec => ({
      handler: { moduleUrl: HANDLERS, exportName: handler },
      target: { moduleUrl: HANDLERS, exportName: handler },
      config,
      method: handler,
      folder,
      logs: join(folder, "job-logs"),
      name,
      resources: timeoutMin === undefined ? {} : { timeoutMin },
    });

    before(async () => {
      folder = await mkdtemp(join(tmpdir(), "exca-conformance-"));
      executor = make();
    });
    after(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it("runs a job to completion and its handler's effects are visible", async () => {
      const job = await executor.submit(spec("ok", "writeMarker", { x: 1 }));
      assert.equal(typeof job.jobId, "string");
      assert.deepEqual(await job.wait(), { state: "completed" });
      assert.equal(await job.state(), "completed");
      assert.equal(await job.done(), true);
      assert.ok(existsSync(join(folder, "ok.done")));
      if (options.capturesLogs) {
        assert.match(await job.stdout(), /hello from ok/);
        assert.match(await job.stderr(), /note from ok/);
        // The infra chooses where logs go (spec.logs): the executor names its files there, nowhere else.
        for (const path of [job.record().stdoutPath, job.record().stderrPath]) {
          const inside = relative(join(folder, "job-logs"), path ?? "");
          assert.ok(path !== undefined && !inside.startsWith(".."), `${path} is not in spec.logs`);
        }
      }
    });

    it("reports a job's end promptly once its handler returned, unless it declares reportsEndLate", async () => {
      const job = await executor.submit(spec("prompt", "writeMarker", { x: 2 }));
      assert.deepEqual(await job.wait(), { state: "completed" });
      // An executor that learns of a job's end late (a polled scheduler) says so: the infras then watch
      // for the result too. Any other must report the end within seconds of the handler's return.
      if (executor.reportsEndLate === true) return;
      const lateBy = Date.now() - statSync(join(folder, "prompt.done")).mtimeMs;
      assert.ok(lateBy < 5000, `wait() resolved ${lateBy} ms after the handler returned`);
    });

    it("reports a failing job as failed, with a message", async () => {
      const job = await executor.submit(spec("bad", "failing"));
      const outcome = await job.wait();
      assert.equal(outcome.state, "failed");
      assert.ok((outcome.message ?? "").length > 0);
      if (options.capturesLogs) assert.match(await job.stderr(), /boom in bad/);
    });

    it("submits several jobs at once", async () => {
      const jobs = await executor.submitMany([0, 1, 2].map((i) => spec(`many${i}`, "writeMarker", { i })));
      assert.equal(new Set(jobs.map((job) => job.jobId)).size, 3);
      const outcomes = await Promise.all(jobs.map((job) => job.wait()));
      assert.deepEqual(
        outcomes.map((o) => o.state),
        ["completed", "completed", "completed"],
      );
      for (const i of [0, 1, 2]) assert.ok(existsSync(join(folder, `many${i}.done`)));
    });

    it("finds a job again from its record", async () => {
      const job = await executor.submit(spec("again", "sleeping", { ms: 300 }));
      if (options.lazy) void job.wait();
      const found = executor.reattach(JSON.parse(JSON.stringify(job.record())));
      assert.equal(found.jobId, job.jobId);
      await job.wait();
      await found.wait();
      assert.equal(await found.done(), true);
      assert.ok(existsSync(join(folder, "again.done")));
    });

    if (options.cancelsRunning) {
      it("cancels a running job", async () => {
        const job = await executor.submit(spec("cancelled", "sleeping", { ms: 60_000 }));
        await waitFor(async () => (await job.state()) === "running", options.patienceMs ?? 20_000);
        await job.cancel();
        const outcome = await job.wait();
        assert.equal(outcome.state, "cancelled");
        assert.equal(existsSync(join(folder, "cancelled.done")), false);
      });
    }

    if (options.enforcesTimeout) {
      it("stops a job past timeoutMin and reports timeout", async () => {
        const job = await executor.submit(spec("slow", "sleeping", { ms: 60_000 }, 0.005));
        const outcome = await job.wait();
        assert.equal(outcome.state, "timeout");
        assert.match(outcome.message ?? "", /timeout/i);
      });
    }
  });
}

/** Polls `check` until it holds or `ms` pass. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

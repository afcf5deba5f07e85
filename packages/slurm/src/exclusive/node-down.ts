// RUN ALONE, after the other tests: `node --conditions=exca-modules --test packages/slurm/dist/exclusive/node-down.js`.
// These tests set the node of a running job DOWN (`scontrol update nodename=... state=down`), which kills
// EVERY job running on that node: on the single-node test cluster, those of any other test too. So this
// file's name matches none of node --test's default patterns (*.test.js, test-*.js, test/...): the
// parallel run of the whole suite (`node --test packages ...`) does not pick it up.
//
// What Slurm does (22.05, JobRequeue=1, the default): it kills the batch script ("CANCELLED ... DUE TO
// NODE FAILURE") and, the job being requeueable, requeues it: sacct shows NODE_FAIL for about 2 s, then
// PENDING (reason BeginTime: held back ~2 min), while squeue shows PENDING at once; then the script runs
// again under the same job id. A job submitted with --no-requeue ends NODE_FAIL (sacct and squeue).
// With ReturnToService=2 (tooling/slurm/start.sh) the node comes back as soon as slurmd answers.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { TaskError } from "@exca/task";
import { tempFolders, until } from "@exca/test-utils";
import {
  follow,
  needsSlurm,
  requireSlurm,
  startNow,
  untilRunning,
  useSlurm,
  withStderr,
} from "../test-fixtures/cluster.js";
import {
  assertRanTwiceThenCached,
  assertStaysPending,
  cancel,
  startCounted,
} from "../test-fixtures/requeued.js";
import { type Ran, SlowTask } from "../test-fixtures/tasks.js";

const run = promisify(execFile);

// Polls every 250 ms, so that the watcher surely reads sacct's NODE_FAIL row of a requeued job (it lasts
// about 2 s), which must not count as the end of the job.
const slurm = useSlurm({ pollIntervalMs: 250, maxPollIntervalMs: 250 });

/** Node states in which the node takes jobs. */
const IN_SERVICE = /^(idle|mixed|allocated|completing)$/;

const output = async (command: string, args: string[]): Promise<string> =>
  (await run(command, args)).stdout.trim();

const nodeOf = (jobId: string): Promise<string> => output("squeue", ["-h", "-j", jobId, "-o", "%N"]);

const nodeState = (node: string): Promise<string> => output("sinfo", ["-h", "-N", "-n", node, "-o", "%T"]);

/** Sets `node` DOWN, once no job but `jobId` runs on it (it would be killed too). */
async function setDown(node: string, jobId: string): Promise<void> {
  const others = async (): Promise<string[]> =>
    (await output("squeue", ["-h", "-w", node, "-t", "RUNNING,COMPLETING,CONFIGURING", "-o", "%i"]))
      .split("\n")
      .filter((id) => id !== "" && id !== jobId);
  try {
    await until(async () => (await others()).length === 0, 60_000);
  } catch {
    throw new Error(
      `other jobs run on node ${node} (${(await others()).join(", ")}): run ${import.meta.filename} alone`,
    );
  }
  await run("scontrol", ["update", `nodename=${node}`, "state=down", "reason=exca-test"]);
}

/** Resumes `node` if it is not back by itself, and waits until it takes jobs again. */
async function backInService(node: string): Promise<void> {
  if (!IN_SERVICE.test(await nodeState(node))) {
    try {
      await run("scontrol", ["update", `nodename=${node}`, "state=resume"]);
    } catch (error) {
      // It came back meanwhile (ReturnToService=2): resuming an idle node is refused.
      if (!/invalid node state/i.test(String((error as { stderr?: unknown }).stderr))) throw error;
    }
  }
  try {
    await until(async () => IN_SERVICE.test(await nodeState(node)), 60_000);
  } catch {
    throw new Error(`node ${node} is still ${await nodeState(node)} after state=resume`);
  }
}

describe("slurm: the node of a running job set DOWN (run alone)", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("slurm-node-down");

  it("a job requeued by Slurm stays unfinished, then completes once the node is back", async () => {
    const counted = await startCounted(slurm(), folders.folder(), 11, 8000);
    let node: string | undefined;
    try {
      node = await nodeOf(counted.job.jobId);
      await setDown(node, counted.job.jobId);
      // Until past sacct's NODE_FAIL row (about 2 s): the job stays pending, not failed.
      await assertStaysPending(counted, slurm(), 12);
      await backInService(node);
      await startNow(counted.job.jobId);
      await assertRanTwiceThenCached(counted, slurm(), /CANCELLED AT .* DUE TO NODE FAILURE/);
    } finally {
      if (node !== undefined) await backInService(node);
      if (!counted.settled()) await cancel(counted);
    }
  });

  it("a job not requeued (--no-requeue) fails with NODE_FAIL and its id; mode retry computes it", async () => {
    const infra = {
      folder: folders.folder(),
      cluster: "slurm" as const,
      slurmAdditionalParameters: { "no-requeue": true },
    };
    const config = { value: 12, ms: 4000 };
    const task = new SlowTask({ ...config, infra });
    const job = await task.infra.job<Ran>();
    const watched = follow(slurm(), job.jobId);
    let node: string | undefined;
    let ended = false;
    try {
      await untilRunning(watched, job, /computing 12/);
      node = await nodeOf(job.jobId);
      await setDown(node, job.jobId);
      await assert.rejects(job.result(), (error: unknown) => {
        assert.ok(error instanceof TaskError);
        assert.equal(error.originalName, "JobError");
        const id = job.jobId;
        assert.ok(
          error.message.includes(
            `job ${id} failed: Slurm job ${id} failed because its node failed (NODE_FAIL)`,
          ),
          error.message,
        );
        return true;
      });
      ended = true;
    } finally {
      if (node !== undefined) await backInService(node);
      if (!ended) await run("scancel", [job.jobId]).catch(() => undefined);
    }
    assert.deepEqual(await watched.wait(), {
      state: "failed",
      message: `Slurm job ${job.jobId} failed because its node failed (NODE_FAIL)`,
    });
    assert.match(await job.stderr(), /CANCELLED AT .* DUE TO NODE FAILURE/);
    assert.equal(await task.infra.status(), "failed");
    const calls = slurm().stats().sbatch;
    const retried = new SlowTask({ ...config, infra: { ...infra, mode: "retry" } });
    const ran = (await withStderr(retried.process())) as Ran;
    assert.equal(ran.value, 12);
    assert.notEqual(ran.slurmJobId, job.jobId);
    assert.equal(slurm().stats().sbatch, calls + 1);
    assert.equal(await task.infra.status(), "completed");
  });
});

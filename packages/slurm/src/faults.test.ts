// Faults a real cluster does not produce on demand, played by fake Slurm commands put first on PATH.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { SlurmCommandError } from "./index.js";
import { fastExecutor, needsSlurm, requireSlurm, SLURM_SUITE_TIMEOUT_MS } from "./test-fixtures/cluster.js";
import { handlerSpec } from "./test-fixtures/handlers.js";

const TIMED_OUT = "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation";

describe("slurm executor with faulty Slurm commands", { timeout: SLURM_SUITE_TIMEOUT_MS }, () => {
  const path = process.env.PATH ?? "";
  let bin = "";
  let folder = "";
  let n = 0;
  before(async () => {
    bin = await mkdtemp(join(tmpdir(), "exca-slurm-fakes-"));
    folder = join(bin, "jobs");
    await mkdir(folder);
  });
  afterEach(() => {
    process.env.PATH = path;
  });
  after(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  /** Puts a fake `name` first on PATH (in a fresh folder); it appends a line to `<folder>/calls` at each call. */
  async function fake(name: string, body: string): Promise<string> {
    const dir = join(bin, `fake${n++}`);
    await mkdir(dir);
    const script = `#!/bin/bash\necho "$*" >> ${dir}/calls\n${body}\n`;
    await writeFile(join(dir, name), script, { mode: 0o755 });
    process.env.PATH = [dir, path].join(delimiter);
    return dir;
  }
  const callsOf = async (dir: string): Promise<number> =>
    (await readFile(join(dir, "calls"), "utf8")).trim().split("\n").length;

  it("retries sbatch after a socket timeout, then throws its error quoting the command and stderr", async () => {
    const dir = await fake("sbatch", `echo "${TIMED_OUT}" >&2; exit 1`);
    const executor = fastExecutor({ submitRetries: 2, submitRetryDelayMs: 5 });
    await assert.rejects(executor.submit(handlerSpec(folder, "t", "noop")), (error: unknown) => {
      assert.ok(error instanceof SlurmCommandError);
      assert.equal(error.transient, true);
      assert.match(
        error.message,
        /^`sbatch --parsable --job-name=t .*` failed \(exit code 1\): sbatch: error: /,
      );
      assert.ok(error.message.endsWith(TIMED_OUT));
      assert.ok(error.cause instanceof Error);
      return true;
    });
    assert.equal(await callsOf(dir), 3);
  });

  it("says so when sbatch is not on PATH", async () => {
    process.env.PATH = bin;
    await assert.rejects(fastExecutor().submit(handlerSpec(folder, "t", "noop")), /sbatch is not on PATH/);
  });

  describe("on a real cluster", needsSlurm(), () => {
    requireSlurm();

    it("submits once when sbatch succeeds after a socket timeout", async () => {
      const dir = await fake(
        "sbatch",
        `[ -e ${bin}/failed ] && exec /usr/bin/env PATH=${path} sbatch "$@"\ntouch ${bin}/failed; echo "${TIMED_OUT}" >&2; exit 1`,
      );
      const job = await fastExecutor({ submitRetryDelayMs: 5 }).submit(
        handlerSpec(folder, "retried", "noop"),
      );
      assert.deepEqual(await job.wait(), { state: "completed" });
      assert.equal(await callsOf(dir), 2);
    });

    it("reads states from squeue for good once sacct says accounting is disabled", async () => {
      await fake("sacct", 'echo "sacct: error: Slurm accounting storage is disabled" >&2; exit 1');
      const executor = fastExecutor();
      const job = await executor.submit(handlerSpec(folder, "no-accounting", "noop"));
      assert.deepEqual(await job.wait(), { state: "completed" });
      assert.equal(executor.stats().sacct, 1);
      assert.ok(executor.stats().squeue >= 1);
    });

    it("asks squeue while sacct fails, and keeps trying sacct", async () => {
      await fake(
        "sacct",
        'echo "sacct: error: Problem talking to the database: Connection refused" >&2; exit 1',
      );
      const executor = fastExecutor();
      const job = await executor.submit(handlerSpec(folder, "db-down", "noop"));
      assert.deepEqual(await job.wait(), { state: "completed" });
      const stats = executor.stats();
      assert.equal(stats.sacct, stats.polls);
      assert.equal(stats.squeue, stats.polls);
    });
  });
});

// The exca CLI against the real local Slurm cluster: the CLI loads @exca/slurm by itself.
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { tempFolders, until } from "@exca/test-utils";
import { needsSlurm, requireSlurm, useSlurm } from "./test-fixtures/cluster.js";
import { SlowTask } from "./test-fixtures/tasks.js";

const CLI = fileURLToPath(new URL("./cli.js", import.meta.resolve("exca")));
useSlurm();

function exca(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Without the test's loader flags: as a user runs the installed command.
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

describe("the exca CLI on Slurm", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("slurm-cli");

  it("shows a running Slurm task as running, lists it in status, and clear cancels it (issue 12.13)", async () => {
    const folder = folders.folder();
    const task = new SlowTask({ ms: 300_000, value: 13, infra: { folder, cluster: "slurm" } });
    const job = await task.infra.job();
    const listed = await exca("ls", folder);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /SlowTask\.process\s+1\s+value=13,ms=300000-[0-9a-f]{8}\s+running/);
    const status = await exca("status", folder, "--json");
    const inFlight = JSON.parse(status.stdout) as { executor: string; jobId: string }[];
    assert.deepEqual(
      inFlight.map(({ executor, jobId }) => ({ executor, jobId })),
      [{ executor: "slurm", jobId: job.jobId }],
    );
    const cleared = await exca("clear", task.infra.uidFolder(), "--yes");
    assert.equal(cleared.code, 0, cleared.stderr);
    await until(() => job.done(), 60_000);
    const squeue = spawnSync("squeue", ["--noheader", "--jobs", job.jobId], { encoding: "utf8" });
    assert.equal(squeue.stdout.trim(), "", `squeue still lists ${job.jobId}`);
  });
});

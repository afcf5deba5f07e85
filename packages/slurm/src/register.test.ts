import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { getExecutor, registeredExecutors, resolveClusterName } from "@exca/executors";
import "./index.js";
import { onPath } from "./on-path.js";
import { resolveOptions } from "./options.js";

describe("registration", () => {
  const path = process.env.PATH;
  let bin = "";
  before(async () => {
    bin = await mkdtemp(join(tmpdir(), "exca-slurm-bin-"));
    await writeFile(join(bin, "sbatch"), "#!/bin/sh\n", { mode: 0o755 });
    await writeFile(join(bin, "squeue"), "not executable", { mode: 0o644 });
  });
  after(async () => {
    process.env.PATH = path;
    await rm(bin, { recursive: true, force: true });
  });

  it("registers cluster slurm when imported", () => {
    assert.ok(registeredExecutors().includes("slurm"));
    const executor = getExecutor("slurm");
    assert.equal(executor.name, "slurm");
    assert.equal(executor.inProcess, false);
  });

  it("makes cluster auto pick slurm where sbatch is on PATH", () => {
    process.env.PATH = bin;
    assert.equal(resolveClusterName("auto"), "slurm");
    process.env.PATH = tmpdir();
    assert.equal(resolveClusterName("auto"), "process");
  });

  it("finds executables on PATH only", () => {
    assert.equal(onPath("sbatch", bin), true);
    assert.equal(onPath("squeue", bin), false);
    assert.equal(onPath("sbatch", ""), false);
  });

  it("checks the polling options", () => {
    assert.throws(() => resolveOptions({ pollIntervalMs: 0 }), /pollIntervalMs must be > 0/);
    assert.throws(() => resolveOptions({ pollBackoff: 0.5 }), /pollBackoff must be >= 1/);
    assert.equal(resolveOptions({ pollIntervalMs: 20_000 }).maxPollIntervalMs, 20_000);
    assert.equal(resolveOptions({ pollIntervalMs: undefined }).pollIntervalMs, 1000);
  });
});

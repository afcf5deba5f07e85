import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { processStartTime } from "@exca/executors";
import { Embed, Train } from "./test-fixtures/pipeline.js";

const CLI = fileURLToPath(new URL("./cli.js", import.meta.url));

function exca(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

let folder = "";
before(async () => {
  folder = await mkdtemp(join(tmpdir(), "exca-cli-"));
  await new Train({ lr: 0.5, infra: { folder } }).process();
  await new Train({ lr: 0.7, fail: true, infra: { folder } }).process().catch(() => undefined);
  await new Embed({ infra: { folder } }).process(["a", "bb", "ccc"]);
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("the exca CLI", { timeout: 60_000 }, () => {
  it("ls lists every task and map with status, items and size", async () => {
    const { code, stdout } = await exca("ls", folder);
    assert.equal(code, 0);
    assert.match(stdout, /^method\s+version\s+uid\s+status\s+items\s+size\s+modified/);
    assert.match(stdout, /Train\.process\s+1\s+lr=0\.50-[0-9a-f]{8}\s+completed/);
    assert.match(stdout, /Train\.process\s+1\s+lr=0\.70,fail=true-[0-9a-f]{8}\s+failed/);
    assert.match(stdout, /Embed\.process\s+1\s+default\s+completed\s+3\s/);
    const listed = JSON.parse((await exca("ls", folder, "--json")).stdout) as {
      kind: string;
      status: string;
    }[];
    assert.deepEqual(listed.map((info) => `${info.kind}:${info.status}`).sort(), [
      "map:completed",
      "task:completed",
      "task:failed",
    ]);
  });

  it("show prints the config, status and the error of a failed task", async () => {
    const failed = new Train({ lr: 0.7, fail: true, infra: { folder } }).infra.uidFolder();
    const { code, stdout } = await exca("show", failed);
    assert.equal(code, 0);
    assert.match(stdout, /\[task, failed\]/);
    assert.match(stdout, /--- uid config ---\nfail: true\nlr: 0.7/);
    assert.match(stdout, /--- error ---\nTypeError: diverged at lr=0.7/);
    const detail = JSON.parse((await exca("show", failed, "--json")).stdout) as { error: { name: string } };
    assert.equal(detail.error.name, "TypeError");
  });

  it("clear removes results (with --yes), keeping the uid files; the next call recomputes", async () => {
    const task = new Train({ lr: 0.5, infra: { folder } });
    const uidFolder = task.infra.uidFolder();
    assert.equal((await exca("clear", uidFolder)).code, 2, "asks for confirmation off a terminal");
    const { code, stdout } = await exca("clear", uidFolder, "--yes");
    assert.equal(code, 0);
    assert.match(stdout, /cleared/);
    assert.ok(existsSync(join(uidFolder, "uid.yaml")));
    assert.equal(await new Train({ lr: 0.5, infra: { folder } }).infra.status(), "not submitted");
  });

  it("status lists jobs in flight", async () => {
    const slow = new Train({ lr: 0.9, sleepMs: 5000, infra: { folder, cluster: "process" } });
    const job = await slow.infra.job();
    const { code, stdout } = await exca("status", folder);
    assert.equal(code, 0);
    assert.match(stdout, /process\s+p\S+\s+\d+s\s+.*lr=0\.90/);
    await job.cancel();
    const after = await exca("status", folder);
    assert.match(after.stdout, /no job in flight/, after.stdout + after.stderr);
  });

  it("ls reads a task claimed, not yet submitted, as running while its claimer lives, as tasks do", async () => {
    // A claim on the Slurm cluster before its sbatch: the claimer (this test process) is followed, not
    // Slurm, which has no job yet; and the CLI needs no Slurm executor loaded for that.
    const cache = await mkdtemp(join(tmpdir(), "exca-cli-claim-"));
    const uidFolder = join(cache, "m.Train.process,1", "lr=0.30-00000000");
    await mkdir(uidFolder, { recursive: true });
    await writeFile(join(uidFolder, "uid.yaml"), "lr: 0.3\n");
    const owner = {
      pid: process.pid,
      pidStart: processStartTime(process.pid),
      host: hostname().split(".")[0],
    };
    const claim = { executor: "slurm", claimedAt: new Date().toISOString(), owner };
    await writeFile(join(uidFolder, "job.json"), JSON.stringify(claim));
    const listed = JSON.parse((await exca("ls", cache, "--json")).stdout) as { status: string }[];
    assert.deepEqual(
      listed.map((info) => info.status),
      ["running"],
    );
    await rm(cache, { recursive: true });
  });

  it("fails with clear messages and exit codes scripts can use", async () => {
    const missing = await exca("ls", join(folder, "nope"));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /is not a folder/);
    const empty = await mkdtemp(join(tmpdir(), "exca-cli-empty-"));
    const notCache = await exca("ls", empty);
    assert.equal(notCache.code, 1);
    assert.match(notCache.stderr, /no exca cache below/);
    assert.match((await exca("show", empty)).stderr, /not an exca uid folder/);
    await rm(empty, { recursive: true });
    const unknown = await exca("frobnicate");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    assert.equal((await exca("ls", folder, "--nope")).code, 2);
  });
});

describe("the exca CLI and third-party executors", () => {
  it("follows and cancels the jobs of an executor listed in EXCA_EXECUTORS (issue 12.13)", async () => {
    const { Train } = await import("./test-fixtures/pipeline.js");
    const executorModule = fileURLToPath(new URL("./test-fixtures/sleep-executor.js", import.meta.url));
    await import(executorModule);
    const task = new Train({ lr: 0.9, infra: { folder, cluster: "sleeper" } });
    const job = await task.infra.job();
    const run = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [CLI, ...args],
          { env: { ...process.env, ...env } },
          (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
        );
      });
    const blind = await run({}, "ls", folder);
    assert.match(blind.stdout, /lr=0\.90-[0-9a-f]{8}\s+failed/, "without it: unknown executor");
    assert.match(
      blind.stderr,
      /executor "sleeper", which this CLI does not know: list the package that registers it in EXCA_EXECUTORS/,
    );
    const env = { EXCA_EXECUTORS: executorModule };
    assert.match((await run(env, "ls", folder)).stdout, /lr=0\.90-[0-9a-f]{8}\s+running/);
    assert.match((await run(env, "status", folder)).stdout, new RegExp(`sleeper\\s+${job.jobId}`));
    assert.equal((await run(env, "clear", task.infra.uidFolder(), "--yes")).code, 0);
    await job.wait();
    assert.equal(await job.done(), true, "clear cancelled the job");
  });

  it("never imports an executor package planted in the folder it runs in (a shared cache)", async () => {
    const planted = await mkdtemp(join(tmpdir(), "exca-cli-planted-"));
    try {
      const marker = join(planted, "ran");
      const pkg = join(planted, "node_modules", "exca-planted-executor");
      await mkdir(pkg, { recursive: true });
      await writeFile(
        join(pkg, "package.json"),
        JSON.stringify({ name: "exca-planted-executor", main: "index.js" }),
      );
      await writeFile(
        join(pkg, "index.js"),
        `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x");`,
      );
      const loader = new URL("./cli-executors.js", import.meta.url).href;
      const script = `const m = await import(${JSON.stringify(loader)}); await m.loadExecutors({}, ["exca-planted-executor"]);`;
      await new Promise<void>((resolve, reject) =>
        execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: planted }, (error) =>
          error === null ? resolve() : reject(error),
        ),
      );
      assert.equal(existsSync(marker), false, "the planted package ran");
    } finally {
      await rm(planted, { recursive: true, force: true });
    }
  });
});

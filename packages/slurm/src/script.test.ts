import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { batchScript, shellQuote } from "./batch-script.js";
import { SlurmCommandError } from "./errors.js";
import { jobName, resourceArgs, sbatchArgs, timeLimitMin } from "./sbatch-args.js";
import { slurmEnv } from "./slurm-env.js";
import { WORKER_PATH, workerNodeArgs } from "./worker-command.js";

const run = promisify(execFile);

describe("sbatch options", () => {
  it("maps every resource", () => {
    const args = resourceArgs({
      timeoutMin: 2.5,
      cpusPerTask: 4,
      gpusPerNode: 2,
      memGb: 16,
      nodes: 2,
      tasksPerNode: 8,
      slurmPartition: "gpu",
      slurmAccount: "lab",
      slurmQos: "high",
      slurmConstraint: "volta32gb",
      slurmAdditionalParameters: { mail_type: "END", exclusive: true, requeue: false, nice: 10 },
    });
    assert.deepEqual(args, [
      "--time=3",
      "--cpus-per-task=4",
      "--gpus-per-node=2",
      "--mem=16G",
      "--nodes=2",
      "--ntasks-per-node=8",
      "--partition=gpu",
      "--account=lab",
      "--qos=high",
      "--constraint=volta32gb",
      "--mail-type=END",
      "--exclusive",
      "--nice=10",
    ]);
    assert.deepEqual(resourceArgs({}), []);
    assert.deepEqual(resourceArgs({ memGb: 0.5, gpusPerNode: 0 }), ["--mem=512M"]);
  });

  it("submits a plain job, or an array whose logs Slurm names by array id and index", () => {
    assert.deepEqual(sbatchArgs({ name: "n", logsDir: "/f/logs", tasks: 1 }), [
      "--parsable",
      "--job-name=n",
      "--open-mode=append",
      "--output=/f/logs/%j.out",
      "--error=/f/logs/%j.err",
    ]);
    assert.deepEqual(sbatchArgs({ name: "n", logsDir: undefined, tasks: 100, parallel: 4 }).slice(3), [
      "--output=/dev/null",
      "--error=/dev/null",
      "--array=0-99%4",
    ]);
    assert.match(sbatchArgs({ name: "n", logsDir: "/f", tasks: 3 }).join(" "), /%A_%a.out .*--array=0-2$/);
  });

  it("rounds time limits up to whole minutes", () => {
    assert.equal(timeLimitMin({ timeoutMin: 0.005 }), 1);
    assert.equal(timeLimitMin({ timeoutMin: 60 }), 60);
    assert.equal(timeLimitMin({}), undefined);
  });

  it("makes job names Slurm tools display well", () => {
    assert.equal(jobName("Task.process,1/param=3-ab12"), "Task.process_1_param=3-ab12");
    assert.equal(jobName("//"), "exca");
    assert.equal(jobName("x".repeat(300)).length, 120);
  });
});

describe("batch script", { timeout: 30_000 }, () => {
  const command = ["/bin/sh", "-c", 'echo "$PWD|$EXCA_JOB_ID|$EXCA_SETUP|$1|$2"', "sh"];

  it("runs the spec of its array task, with its hash, in its folder, after the setup lines", async () => {
    const script = batchScript(
      [
        { specPath: "/a.json", specSha256: "aa", cwd: "/" },
        { specPath: "/it's b.json", specSha256: "bb", cwd: "/tmp" },
      ],
      { command, setup: ["export EXCA_SETUP=done"], name: "t" },
    );
    const env = {
      PATH: process.env.PATH,
      SLURM_ARRAY_JOB_ID: "7",
      SLURM_ARRAY_TASK_ID: "1",
      SLURM_JOB_ID: "9",
    };
    const { stdout } = await run("bash", ["--norc", "--noprofile", "-c", script], { env });
    assert.equal(stdout, "/tmp|7_1|done|/it's b.json|bb\n");
  });

  it("runs a plain job's spec, and redirects the logs of tasks in separate folders", async () => {
    const single = batchScript([{ specPath: "/a.json", specSha256: "aa", cwd: "/" }], {
      command,
      setup: [],
      name: "t",
    });
    assert.doesNotMatch(single, /specs=|exec >>/);
    const { stdout } = await run("bash", ["--norc", "--noprofile", "-c", single], {
      env: { PATH: process.env.PATH, SLURM_JOB_ID: "9" },
    });
    assert.equal(stdout, "/|9||/a.json|aa\n");
    const spread = batchScript(
      [
        { specPath: "/a.json", specSha256: "aa", cwd: "/", logDir: "/x/logs" },
        { specPath: "/b.json", specSha256: "bb", cwd: "/", logDir: "/y/logs" },
      ],
      { command, setup: [], name: "t" },
    );
    assert.match(spread, /logdirs=\('\/x\/logs' '\/y\/logs'\)/);
    assert.match(spread, /exec >>"\$logdir\/\$EXCA_JOB_ID.out" 2>>"\$logdir\/\$EXCA_JOB_ID.err"/);
  });

  it("stops the worker past timeoutMin, to the second, and says so", async () => {
    const sleeper = ["/bin/sh", "-c", "sleep 20", "sh"];
    const script = batchScript([{ specPath: "/a.json", specSha256: "aa", cwd: "/" }], {
      command: sleeper,
      setup: [],
      name: "t",
      timeoutMin: 0.005,
    });
    const start = Date.now();
    const failure = await run("bash", ["--norc", "--noprofile", "-c", script], {
      env: { PATH: process.env.PATH, SLURM_JOB_ID: "9" },
    }).then(
      () => assert.fail("the script should fail"),
      (error: { code: number; stderr: string }) => error,
    );
    const elapsed = Date.now() - start;
    // 0.005 min = 300 ms: stopped at the limit, not before, and within a second after it.
    assert.ok(elapsed >= 300 && elapsed < 1300, `stopped after ${elapsed} ms for a limit of 300 ms`);
    assert.equal(failure.code, 124);
    assert.equal(failure.stderr, "exca: stopped job 9: it ran past timeoutMin=0.005 (TIMEOUT)\n");
  });

  it("quotes for bash", () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

describe("worker command and environment", () => {
  it("starts the worker of @exca/executors with this process's loader flags only", () => {
    assert.match(WORKER_PATH, /executors\/dist\/worker\.js$/);
    const argv = [
      "--import",
      "tsx",
      "-e",
      "code",
      "--inspect=9229",
      "--test-reporter=spec",
      "--conditions=dev",
    ];
    assert.deepEqual(workerNodeArgs(argv), ["--import", "tsx", "--conditions=dev"]);
  });

  it("keeps the variables of an enclosing job away from sbatch", () => {
    const env = slurmEnv({
      PATH: "/bin",
      SLURM_JOB_ID: "3",
      SLURMD_NODENAME: "n",
      SRUN_DEBUG: "1",
      SLURM_CONF: "/c",
    });
    assert.deepEqual(env, { PATH: "/bin", SLURM_CONF: "/c" });
  });

  it("tells transient Slurm errors from refusals", () => {
    const error = (stderr: string) => SlurmCommandError.of("sbatch", ["--parsable"], { stderr, exitCode: 1 });
    assert.equal(
      error("sbatch: error: Batch job submission failed: Socket timed out on send/recv operation").transient,
      true,
    );
    assert.equal(
      error("sbatch: error: Batch job submission failed: Invalid partition name specified").transient,
      false,
    );
    assert.equal(
      error("sbatch: error: x").message,
      "`sbatch --parsable` failed (exit code 1): sbatch: error: x",
    );
  });
});

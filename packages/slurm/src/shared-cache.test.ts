// Issue 17: a shared cache folder is not a door into its users' accounts. Two real local users share a
// group and a cache folder (mode 2770, `permissions: 0o770`, as the docs recommend): the attacker, a group
// member, tries each attack of the issue on the victim's jobs, with the process executor and the real local
// Slurm. Each attack must fail, leave the victim's files outside the cache alone, and say why.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { chownSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { processStartTime } from "@exca/executors";
import { until } from "@exca/test-utils";
import type { AttackerArgs } from "./test-fixtures/attacker.js";
import { needsSlurm, requireSlurm } from "./test-fixtures/cluster.js";
import {
  asUserArgv,
  ensureUsers,
  needsRoot,
  privateFolder,
  runAs,
  sharedFolder,
  type User,
  type UserRun,
  userEnv,
} from "./test-fixtures/users.js";
import { type VictimArgs, type VictimReport, victimTask } from "./test-fixtures/victim.js";

const run = promisify(execFile);
const fixture = (name: string): string =>
  fileURLToPath(new URL(`./test-fixtures/${name}.js`, import.meta.url));
const NODE_ARGS = ["--conditions=exca-modules"];

let users: ReturnType<typeof ensureUsers>;
let shared: { path: string; remove(): void };
let victimHome: { path: string; remove(): void };
let attackerHome: { path: string; remove(): void };
let n = 0;

before(async () => {
  users = ensureUsers();
  // The users run the built code of this checkout: every folder above it must let them through.
  const readable = await runAs(users.victim, ["test", "-r", fixture("victim")], { home: "/" });
  if (readable.code !== 0)
    throw new Error(
      `${fixture("victim")} is not readable by ${users.victim.name}: give the checkout o+rX and the folders above it o+x (e.g. chmod o+x /root; .ci/run does it)`,
    );
  // Their shared and private folders are made in the temporary folder: it must let them through too.
  const reachable = await runAs(users.victim, ["test", "-x", tmpdir()], { home: "/" });
  if (reachable.code !== 0)
    throw new Error(
      `${tmpdir()} is not searchable by ${users.victim.name}: chmod o+x ${tmpdir()} (.ci/run does it)`,
    );
  shared = sharedFolder(users.gid);
  victimHome = privateFolder(users.victim);
  attackerHome = privateFolder(users.attacker);
});
after(() => {
  shared?.remove();
  victimHome?.remove();
  attackerHome?.remove();
});

/** A new cache folder inside the shared one. */
function cacheFolder(): string {
  return join(shared.path, `cache-${n++}`);
}

/** Runs the victim's driver (as the victim, or as `user`: a colleague using the same task). */
async function asVictim(args: VictimArgs, user?: User): Promise<VictimReport & { run: UserRun }> {
  const who = user ?? users.victim;
  const home = who === users.victim ? victimHome.path : attackerHome.path;
  const argv = [process.execPath, ...NODE_ARGS, fixture("victim"), JSON.stringify(args)];
  const result = await runAs(who, argv, { home });
  const last = result.stdout.trim().split("\n").pop() ?? "";
  if (!last.startsWith("{")) throw new Error(`the victim's driver printed no report:\n${result.stderr}`);
  return { ...(JSON.parse(last) as VictimReport), run: result };
}

async function asAttacker(args: AttackerArgs): Promise<number> {
  const result = await runAs(
    users.attacker,
    [process.execPath, ...NODE_ARGS, fixture("attacker"), JSON.stringify(args)],
    {
      home: attackerHome.path,
    },
  );
  assert.equal(result.code, 0, `the attacker's script failed:\n${result.stderr}`);
  return (JSON.parse(result.stdout.trim().split("\n").pop()!) as { done: number }).done;
}

/** Starts the attacker's spec swapper; `stop()` ends it and returns how many specs it replaced. */
function swapSpecs(folder: string, marker: string): { stop(): Promise<number> } {
  const stopFile = join(attackerHome.path, `stop-${n++}`);
  const args: AttackerArgs = {
    attack: "swap-specs",
    folder,
    evilModule: pathToFileURL(fixture("evil")).href,
    marker,
    stopFile,
  };
  const done = runAs(
    users.attacker,
    [process.execPath, ...NODE_ARGS, fixture("attacker"), JSON.stringify(args)],
    {
      home: attackerHome.path,
    },
  );
  return {
    stop: async () => {
      writeFileSync(stopFile, "");
      const result = await done;
      assert.equal(result.code, 0, result.stderr);
      return (JSON.parse(result.stdout.trim().split("\n").pop()!) as { done: number }).done;
    },
  };
}

/** The text of every `*.err` log below `folder` (as root). */
function errLogs(folder: string): string {
  const texts: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(path, entry.name));
      else if (entry.name.endsWith(".err")) texts.push(readFileSync(join(path, entry.name), "utf8"));
    }
  };
  walk(folder);
  return texts.join("\n");
}

/** A process of the victim's that has nothing to do with exca (the target of crafted signals). */
function victimSleeper(victim: User): { pid: number; alive(): boolean; stop(): void } {
  const child = spawn("setpriv", asUserArgv(victim, ["sleep", "300"]), {
    detached: true,
    stdio: "ignore",
    env: userEnv(victimHome.path),
  });
  child.unref();
  const pid = child.pid!;
  return {
    pid,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
    },
  };
}

describe(
  "a shared cache folder: attacks by another member of the group (process executor)",
  needsRoot(),
  () => {
    it("finding 1: a spec renamed over the victim's never runs; the worker refuses it, naming the file", async () => {
      const folder = cacheFolder();
      const marker = join(shared.path, `pwned-${n++}`);
      const swapper = swapSpecs(folder, marker);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the swapper polls from now on
      const report = await asVictim({
        folder,
        cluster: "process",
        value: 11,
        permissions: 0o770,
        action: "run",
      });
      const swapped = await swapper.stop();
      assert.equal(existsSync(marker), false, "the attacker's code ran as the victim");
      assert.ok(swapped >= 1, "the attacker replaced no spec: the attack was not tried");
      // The swap lands before the worker reads the spec (refused) or after (then the job ran the victim's).
      if (report.ok) assert.equal((report.value as { value: number }).value, 11);
      else assert.match(errLogs(folder), /refusing the job spec .*\.spec\.json: its SHA-256 is/);
    });

    it("finding 2: a crafted job.json makes clearJob() signal no process of the victim's", async () => {
      const folder = cacheFolder();
      const task = { folder, cluster: "process" as const, value: 12, permissions: 0o770 };
      const first = await asVictim({ ...task, action: "run" });
      assert.ok(first.ok, first.error);
      const sleeper = victimSleeper(users.victim);
      try {
        await until(() => processStartTime(sleeper.pid) !== undefined, 5000);
        const uidFolder = victimTask(task).infra.uidFolder();
        const record = {
          executor: "process",
          jobId: "p-crafted",
          host: hostname().split(".")[0],
          submittedAt: new Date().toISOString(),
          detail: { pid: sleeper.pid, pidStart: processStartTime(sleeper.pid)! },
        };
        await asAttacker({ attack: "craft-job", uidFolder, record });
        const cleared = await asVictim({ ...task, action: "clear" });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.ok(sleeper.alive(), "the victim's process was signalled");
        assert.equal(cleared.ok, false);
        assert.match(
          cleared.error ?? "",
          /UntrustedFileError: refusing to cancel .*job\.json cannot be trusted because it belongs to uid \d+, not to you/,
        );
      } finally {
        sleeper.stop();
      }
    });

    it("finding 4: a uid folder linked to a folder of the victim's makes exca write nothing there", async () => {
      const folder = cacheFolder();
      const project = join(victimHome.path, "project");
      await runAs(
        users.victim,
        ["sh", "-c", `mkdir -p '${project}' && echo mine > '${project}/config.yaml'`],
        {
          home: victimHome.path,
        },
      );
      const uidFolder = victimTask({
        folder,
        cluster: null,
        value: 13,
        permissions: 0o770,
      }).infra.uidFolder();
      await asAttacker({ attack: "link-folder", link: uidFolder, target: project });
      const report = await asVictim({ folder, cluster: null, value: 13, permissions: 0o770, action: "run" });
      assert.equal(readFileSync(join(project, "config.yaml"), "utf8"), "mine\n");
      assert.deepEqual(readdirSync(project), ["config.yaml"]);
      assert.equal(report.ok, false);
      assert.match(report.error ?? "", /refusing to use .* resolves to .*project, outside the cache folder/);
    });
  },
);

// Without sbatch, skipped like every Slurm suite (under CI it runs, and requireSlurm fails it).
describe("a shared cache folder: attacks by another member of the group (Slurm)", {
  skip: needsRoot().skip || needsSlurm().skip,
}, () => {
  requireSlurm();

  it("finding 1: a spec swapped while the job waits in the queue is refused by the worker", async () => {
    const folder = cacheFolder();
    const marker = join(shared.path, `pwned-${n++}`);
    const swapper = swapSpecs(folder, marker);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // --begin keeps the job pending 3 s: the spec waits in the folder, as it does in a real queue.
    const report = await asVictim({
      folder,
      cluster: "slurm",
      value: 21,
      permissions: 0o770,
      action: "run",
      slurm: { begin: "now+3" },
    });
    const swapped = await swapper.stop();
    assert.equal(existsSync(marker), false, "the attacker's code ran as the victim");
    assert.ok(swapped >= 1, "the attacker replaced no spec: the attack was not tried");
    assert.equal(report.ok, false, "the job ran although its spec was replaced");
    assert.match(errLogs(folder), /refusing the job spec .*\.spec\.json: its SHA-256 is/);
  });

  it("finding 2: a crafted job.json naming another Slurm job of the victim's does not scancel it", async () => {
    const folder = cacheFolder();
    const task = { folder, cluster: "slurm" as const, value: 22, permissions: 0o770 };
    const first = await asVictim({ ...task, action: "run" });
    assert.ok(first.ok, first.error);
    const other = await runAs(
      users.victim,
      ["sbatch", "--parsable", "--output=/dev/null", "--wrap=sleep 300"],
      {
        home: victimHome.path,
      },
    );
    const otherId = other.stdout.trim().split(";")[0]!;
    assert.match(otherId, /^\d+$/, other.stderr);
    try {
      const uidFolder = victimTask(task).infra.uidFolder();
      const record = {
        executor: "slurm",
        jobId: otherId,
        host: hostname(),
        submittedAt: new Date().toISOString(),
      };
      await asAttacker({ attack: "craft-job", uidFolder, record });
      const cleared = await asVictim({ ...task, action: "clear" });
      const { stdout } = await run("squeue", ["--noheader", "--format=%T", `--jobs=${otherId}`]);
      assert.match(stdout, /PENDING|RUNNING/, "the victim's other job was cancelled");
      assert.equal(cleared.ok, false);
      assert.match(cleared.error ?? "", /refusing to cancel .*job\.json cannot be trusted/);
    } finally {
      await run("scancel", [otherId]).catch(() => undefined);
    }
  });

  it("findings 3 and 5: planted log symlinks are not followed; every file gets the group's read access only", async () => {
    const folder = cacheFolder();
    const bashrc = join(victimHome.path, "bashrc");
    writeFileSync(bashrc, "# the victim's\n");
    chownSync(bashrc, users.victim.uid, users.victim.gid);
    const task = { folder, cluster: "slurm" as const, value: 23, permissions: 0o770 };
    const uidFolder = victimTask(task).infra.uidFolder();
    await asAttacker({ attack: "plant-logs", folder: join(uidFolder, "logs"), target: bashrc, count: 40 });
    const report = await asVictim({ ...task, action: "run" });
    assert.ok(report.ok, report.error);
    assert.equal(
      readFileSync(bashrc, "utf8"),
      "# the victim's\n",
      "the job's output went through a planted link",
    );
    // Under umask 077, `permissions: 0o770` reaches the spec, the logs and their folders.
    const modes = new Map<string, number>();
    const walk = (path: string, name: string): void => {
      const stat = statSync(path);
      modes.set(name, stat.mode & 0o7777);
      if (stat.isDirectory())
        for (const child of readdirSync(path)) walk(join(path, child), join(name, child));
    };
    walk(join(uidFolder, "logs"), "logs");
    const own = [...modes].filter(([name]) => /^logs\/slurm-/.test(name));
    assert.ok(own.length >= 3, `no log folder of the job in ${[...modes.keys()]}`);
    for (const [name, mode] of own)
      assert.equal(mode & 0o777, name.split("/").length === 2 ? 0o750 : 0o640, name);
    const specs = readdirSync(uidFolder).filter((name) => name.endsWith(".spec.json"));
    for (const name of specs) assert.equal(statSync(join(uidFolder, name)).mode & 0o777, 0o640, name);
    // A colleague reads the logs (exca show), and cannot rewrite them.
    const out = own.find(([name]) => name.endsWith(".out"))![0];
    const read = await runAs(users.attacker, ["cat", join(uidFolder, out)], { home: attackerHome.path });
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stdout, /computing 23/);
    // A colleague clears the task: the results go, the victim's logs (theirs alone to change) stay.
    const cleared = await asVictim({ ...task, action: "clear" }, users.attacker);
    assert.ok(cleared.ok, cleared.error);
    assert.match(cleared.run.stderr, /kept \d+ log file\(s\) of another user/);
    assert.equal(existsSync(join(uidFolder, "result")), false);
    assert.equal(readFileSync(join(uidFolder, out), "utf8").includes("computing 23"), true);
  });
});

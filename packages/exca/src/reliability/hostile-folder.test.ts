// Issue 17, findings 2, 6 and 9 as the CLI meets them: files in a uid folder are data others may have
// written. `show` reads logs by bounded tails, only inside the uid folder, never a FIFO or a device; names
// print with control characters escaped; `ls` does not follow symlinks; `clear` signals no process named
// in a job.json that is not the user's alone.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { processStartTime } from "@exca/executors";
import { craftShard } from "../test-fixtures/craft.js";
import { cli, tempRoot, within } from "../test-fixtures/harness.js";
import { ReliableMap, ReliableTask, taskValue } from "../test-fixtures/reliable.js";

const root = tempRoot("hostile-folder");
after(() => root.remove());
let n = 0;
/** This machine's short host name, as executors record it: the crafted records look like local jobs. */
const HOST = hostname().split(".")[0] ?? "localhost";

/** A computed task's uid folder, in a cache folder of its own. */
async function computed(): Promise<{ folder: string; uidFolder: string }> {
  const folder = join(root.path, `cache-${n++}`);
  const task = new ReliableTask({ n: 5, infra: { folder } });
  await task.process();
  return { folder, uidFolder: task.infra.uidFolder() };
}

/** Writes a job.json whose record names `detail` and the given log paths. */
function craftJob(uidFolder: string, record: Record<string, unknown>, mode = 0o644): void {
  const job = {
    executor: "process",
    claimedAt: new Date().toISOString(),
    owner: { pid: 1, pidStart: "", host: HOST },
    record,
  };
  writeFileSync(join(uidFolder, "job.json"), JSON.stringify(job), { mode });
  chmodSync(join(uidFolder, "job.json"), mode);
}

const baseRecord = (extra: Record<string, unknown>): Record<string, unknown> => ({
  executor: "process",
  jobId: "p-crafted",
  host: HOST,
  submittedAt: new Date().toISOString(),
  ...extra,
});

describe("exca show reads only logs of the uid folder, by bounded tails", () => {
  it("does not print a file outside the uid folder named as a log", async () => {
    const { uidFolder } = await computed();
    const secret = join(root.path, "secret.txt");
    writeFileSync(secret, "TOP-SECRET\n", { mode: 0o600 });
    craftJob(uidFolder, baseRecord({ stdoutPath: secret, stderrPath: "/dev/zero" }));
    const shown = await within(cli("show", uidFolder), 10_000, "exca show");
    assert.equal(shown.code, 0, shown.stderr);
    assert.doesNotMatch(shown.stdout, /TOP-SECRET/);
    assert.match(shown.stdout, /not shown: .*secret\.txt is outside the uid folder/);
  });

  it("shows the tail of a 1 GiB log, and of a FIFO nothing, without hanging", async () => {
    const { uidFolder } = await computed();
    mkdirSync(join(uidFolder, "logs"));
    const big = join(uidFolder, "logs", "big.out");
    writeFileSync(big, "");
    truncateSync(big, 1 << 30); // sparse: 1 GiB of zero bytes
    const fifo = join(uidFolder, "logs", "fifo.err");
    execFileSync("mkfifo", [fifo]);
    craftJob(uidFolder, baseRecord({ stdoutPath: big, stderrPath: fifo }));
    const shown = await within(cli("show", "--lines=3", uidFolder), 10_000, "exca show");
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /--- stdout \(tail\) ---\n\[\.\.\. \d+ earlier bytes not shown\]/);
    assert.ok(shown.stdout.length < 64 << 10, `printed ${shown.stdout.length} characters`);
    assert.ok(!shown.stdout.includes("\u0000"), "a NUL byte reached the terminal");
  });

  it("lists, shows and reports status with a FIFO in place of job.json and config.yaml", async () => {
    const { folder, uidFolder } = await computed();
    for (const name of ["job.json", "config.yaml"]) {
      rmSync(join(uidFolder, name), { force: true });
      execFileSync("mkfifo", [join(uidFolder, name)]);
    }
    for (const args of [
      ["ls", folder],
      ["status", folder],
      ["show", uidFolder],
    ]) {
      const result = await within(cli(...args), 10_000, `exca ${args[0]}`);
      assert.equal(result.code, 0, `${args[0]}: ${result.stderr}`);
    }
  });
});

describe("exca ls", () => {
  it("escapes control characters of folder names, and does not follow symlinks (a loop, a link to /usr)", async () => {
    const { folder, uidFolder } = await computed();
    const evil = join(folder, "Evil\u001b]0;pwned\u0007.process,1", "x=1-\u001b[31mred");
    mkdirSync(evil, { recursive: true });
    writeFileSync(join(evil, "uid.yaml"), "x: 1\n");
    symlinkSync(uidFolder, join(uidFolder, "loop"));
    symlinkSync("/usr", join(uidFolder, "usr"));
    const listed = await within(cli("ls", folder), 10_000, "exca ls");
    assert.equal(listed.code, 0, listed.stderr);
    for (const char of ["\u001b", "\u0007"])
      assert.ok(!listed.stdout.includes(char), "a control character reached the terminal");
    assert.match(listed.stdout, /Evil\\x1b\]0;pwned\\x07/);
    const [line] = listed.stdout.split("\n").filter((row) => row.includes(".ReliableTask.process"));
    assert.match(line ?? "", /completed\s+\S*KB|completed\s+\d+B/, listed.stdout);
  });
});

describe("exca clear and a crafted job.json", () => {
  it("signals no process named in a job.json that others may write, and says so naming the file", async () => {
    const { uidFolder } = await computed();
    const sleeper = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    try {
      const pid = sleeper.pid!;
      await within(
        (async () => {
          while (processStartTime(pid) === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
        })(),
        5000,
        "sleep start",
      );
      renameSync(join(uidFolder, "result"), join(uidFolder, "gone"));
      craftJob(uidFolder, baseRecord({ detail: { pid, pidStart: processStartTime(pid)! } }), 0o666);
      const cleared = await cli("clear", "--yes", uidFolder);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(sleeper.exitCode ?? sleeper.signalCode, null, "the process was signalled");
      assert.equal(cleared.code, 1);
      assert.match(
        cleared.stderr,
        /refusing to cancel .*job\.json cannot be trusted because others may write it \(mode 666\)/,
      );
    } finally {
      sleeper.kill("SIGKILL");
    }
  });
});

describe("exca verify and crafted records", () => {
  it("a record from the future hides no later write, and after --repair the next verify is clean", async () => {
    const { folder, uidFolder } = await computed();
    // Undecodable bytes (msgpack 0xc1 is never used), a year ahead: before, nothing could outrank them.
    craftShard(
      join(uidFolder, "result"),
      { value: Uint8Array.of(0xc1) },
      (Date.now() + 365 * 86_400_000) * 1000,
    );
    const fifo = join(uidFolder, "full-uid.yaml");
    rmSync(fifo);
    execFileSync("mkfifo", [fifo]);
    const repaired = await within(cli("verify", "--repair", folder), 20_000, "exca verify --repair");
    assert.match(repaired.stdout, /REPAIRED .*full-uid\.yaml: not a regular file/);
    const again = await within(cli("verify", folder), 20_000, "exca verify");
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /no problem found/);
    assert.deepEqual(await new ReliableTask({ n: 5, infra: { folder } }).process(), taskValue(5, 7));
  });
});

describe("a uid folder linked out of the cache", () => {
  it("makes a map write nothing through the link", async () => {
    const folder = join(root.path, `cache-${n++}`);
    const elsewhere = join(root.path, `project-${n++}`);
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "config.yaml"), "mine\n");
    const mapper = new ReliableMap({ infra: { folder } });
    mkdirSync(dirname(mapper.infra.uidFolder()), { recursive: true });
    symlinkSync(elsewhere, mapper.infra.uidFolder());
    await assert.rejects(async () => {
      await mapper.process([1, 2]);
    }, /refusing to use .* resolves to .*project-\d+, outside the cache folder/);
    assert.deepEqual(readdirSync(elsewhere), ["config.yaml"]);
    assert.equal(readFileSync(join(elsewhere, "config.yaml"), "utf8"), "mine\n");
  });
});

describe("exca clear and symlinks", () => {
  it("refuses a uid folder that is a link out of the cache, deleting nothing there", async () => {
    const { uidFolder } = await computed();
    // Another cache of the user's, elsewhere: the link makes it look like this uid folder.
    const elsewhere = join(root.path, `other-cache-${n++}`);
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "uid.yaml"), "n: 5\n");
    writeFileSync(join(elsewhere, "precious.txt"), "keep me\n");
    rmSync(uidFolder, { recursive: true });
    symlinkSync(elsewhere, uidFolder);
    const cleared = await cli("clear", "--yes", uidFolder);
    assert.equal(cleared.code, 1);
    assert.match(
      cleared.stderr,
      /refusing to use .* resolves to .*other-cache-\d+, outside the cache folder/,
    );
    assert.equal(readFileSync(join(elsewhere, "precious.txt"), "utf8"), "keep me\n");
  });
});

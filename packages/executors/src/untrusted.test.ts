// What a worker or a cancel takes from files in a shared cache folder (issue 17): a spec only with the
// hash its submitter gave, modules only from file: URLs and from code copies nobody else could change, and
// signals only for a recorded process of this user's (pid above 1, start time matching).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { tempFolders } from "@exca/test-utils";
import {
  importRef,
  type JobSpec,
  processStartTime,
  readSpec,
  runHandler,
  SpecIntegrityError,
  UntrustedFileError,
  writeSpecFile,
} from "./index.js";
import { HOST } from "./job-id.js";
import { LocateError } from "./locate.js";
import { openNew } from "./safe-files.js";
import { reattachByPid } from "./watched-pid.js";

const folders = tempFolders("untrusted");
const HANDLERS = new URL("./conformance-handlers.js", import.meta.url).href;

function spec(folder: string, extra: Partial<JobSpec> = {}): JobSpec {
  mkdirSync(folder, { recursive: true });
  return {
    handler: { moduleUrl: HANDLERS, exportName: "writeMarker" },
    target: { moduleUrl: HANDLERS, exportName: "writeMarker" },
    config: { a: 1 },
    method: "process",
    folder,
    logs: join(folder, "logs"),
    name: "job",
    resources: {},
    ...extra,
  };
}

describe("spec files", () => {
  it("are read back only with the hash of what was written; a replaced file is refused, naming it", async () => {
    const written = writeSpecFile(spec(join(folders.root, "spec")), "j1");
    assert.deepEqual((await readSpec(written.path, written.sha256)).config, { a: 1 });
    writeFileSync(written.path, JSON.stringify(spec(join(folders.root, "spec"), { config: { a: 2 } })));
    await assert.rejects(readSpec(written.path, written.sha256), (error: Error) => {
      assert.ok(error instanceof SpecIntegrityError);
      assert.match(error.message, /refusing the job spec .*j1\.spec\.json: its SHA-256 is [0-9a-f]{64}, not/);
      return true;
    });
    await assert.rejects(readSpec(written.path, undefined), /no SHA-256 given for the spec/);
  });

  it("are written through a new file: a symlink planted under the temp or final name is not followed", () => {
    const folder = join(folders.root, "links");
    const victim = join(folders.root, "victim.txt");
    writeFileSync(victim, "mine");
    mkdirSync(folder);
    symlinkSync(victim, join(folder, "j2.spec.json"));
    writeSpecFile(spec(folder), "j2");
    assert.equal(readFileSync(victim, "utf8"), "mine");
    symlinkSync(victim, join(folder, "log.out"));
    assert.throws(() => openNew(join(folder, "log.out"), 0o600, { append: true }), /EEXIST/);
    assert.equal(readFileSync(victim, "utf8"), "mine");
  });
});

describe("modules a worker imports", () => {
  it("come from file: URLs only", async () => {
    for (const moduleUrl of [
      "data:text/javascript,export const x = 1",
      "node:fs",
      "https://example.com/x.js",
    ])
      await assert.rejects(importRef({ moduleUrl, exportName: "x" }), (error: Error) => {
        assert.ok(error instanceof LocateError);
        assert.match(error.message, /refusing to import .*: a job imports only file: URLs/);
        return true;
      });
  });

  it("come from a code copy only when nobody else could have changed it", async () => {
    const copy = join(folders.root, "copy");
    mkdirSync(join(copy, "lib"), { recursive: true, mode: 0o755 });
    chmodSync(copy, 0o755);
    const module = join(copy, "lib", "target.js");
    writeFileSync(module, "export const target = 1;\n", { mode: 0o644 });
    const folder = join(folders.root, "copy-job");
    const job = spec(folder, {
      target: { moduleUrl: pathToFileURL(module).href, exportName: "target" },
      codeCopy: copy,
    });
    await runHandler(job);
    assert.ok(existsSync(join(folder, "job.done")));
    rmSync(join(folder, "job.done"));
    for (const [path, mode] of [
      [module, 0o664],
      [join(copy, "lib"), 0o775],
    ] as const) {
      chmodSync(path, mode);
      await assert.rejects(runHandler(job), (error: Error) => {
        assert.ok(error instanceof UntrustedFileError);
        assert.match(
          error.message,
          new RegExp(`${path}: ?|${path} cannot be trusted because others may write it`),
        );
        return true;
      });
      chmodSync(path, mode & 0o755);
    }
    assert.equal(existsSync(join(folder, "job.done")), false, "the handler ran");
  });
});

describe("cancelling a job found from its record", () => {
  it("signals no process when the record names no start time, or a pid file that is not ours alone", async () => {
    const sleeper = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    try {
      const pid = sleeper.pid!;
      const record = (detail: Record<string, string | number>) => ({
        executor: "process",
        jobId: "p-test",
        host: HOST,
        submittedAt: new Date().toISOString(),
        detail,
      });
      // pid 1 is never signalled (kill(-1) would reach every process): see holderAlive's test, which
      // this does not repeat, since a regression here would signal the whole machine.
      // Without a start time (nor a heartbeat), the process may be a reused pid: it counts as gone.
      const unknown = reattachByPid(record({ pid }), "pid");
      assert.equal(await unknown.done(), true);
      await unknown.cancel();
      const pidFile = join(folders.root, "job.pid");
      writeFileSync(pidFile, JSON.stringify({ pid, pidStart: processStartTime(pid) }), { mode: 0o666 });
      chmodSync(pidFile, 0o666);
      await assert.rejects(
        reattachByPid(record({ pidFile }), "pid").cancel(),
        /others may write it \(mode 666\)/,
      );
      assert.equal(sleeper.exitCode ?? sleeper.signalCode, null, "the process was signalled");
      chmodSync(pidFile, 0o644);
      await reattachByPid(record({ pidFile }), "pid").cancel();
      await new Promise((resolve) => sleeper.once("exit", resolve));
      assert.equal(sleeper.signalCode, "SIGTERM");
    } finally {
      if (sleeper.exitCode === null && sleeper.signalCode === null) sleeper.kill("SIGKILL");
    }
  });
});

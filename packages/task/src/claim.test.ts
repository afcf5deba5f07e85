import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { type LogRecord, setLogSink } from "@exca/config";
import { jobFilePath, readJobFile, removeJobFileIf, tryClaim } from "@exca/infra";
import { tempFolders } from "@exca/test-utils";
import { SlowTask } from "./test-fixtures/tasks.js";

const temp = tempFolders("task-claim");
/** A fresh, existing uid folder per test. */
const folder = temp.made;

describe("claims of a uid folder", () => {
  it("are exclusive: of two claims of one folder, the second gets nothing", async () => {
    const uidFolder = await folder();
    const first = tryClaim(uidFolder, "local", undefined);
    assert.notEqual(first, undefined);
    assert.equal(tryClaim(uidFolder, "local", undefined), undefined);
    assert.deepEqual(readJobFile(uidFolder), first);
  });

  it("a job file replaced by another claim is not removed on behalf of the old one", async () => {
    const uidFolder = await folder();
    const old = tryClaim(uidFolder, "local", undefined)!;
    const replaced = { ...old, claimedAt: new Date(Date.parse(old.claimedAt) + 1000).toISOString() };
    await writeFile(jobFilePath(uidFolder), JSON.stringify(replaced));
    removeJobFileIf(uidFolder, old);
    assert.deepEqual(readJobFile(uidFolder), replaced, "the newer claim stays");
    removeJobFileIf(uidFolder, replaced);
    assert.equal(existsSync(jobFilePath(uidFolder)), false);
  });

  it("removes a job file that parses but is not one, with a warning, and the task computes", async () => {
    const cache = await folder();
    const task = new SlowTask({ value: 6, infra: { folder: cache } });
    await mkdir(task.infra.uidFolder(), { recursive: true });
    for (const text of ["{}", "[1]", '{"executor":"local"}', '{"owner":{"pid":"1"},"executor":"local"}']) {
      await writeFile(jobFilePath(task.infra.uidFolder()), text);
      const warnings: LogRecord[] = [];
      const restore = setLogSink((record) => warnings.push(record));
      try {
        assert.equal(readJobFile(task.infra.uidFolder()), undefined, text);
      } finally {
        restore();
      }
      assert.ok(
        warnings.some((record) => record.message.includes("job.json")),
        `${text}: no warning naming job.json`,
      );
      assert.equal(existsSync(jobFilePath(task.infra.uidFolder())), false, text);
    }
    await writeFile(jobFilePath(task.infra.uidFolder()), "{}");
    const quiet = setLogSink(() => undefined);
    try {
      assert.equal(((await task.process()) as { value: number }).value, 6);
    } finally {
      quiet();
    }
  });
});

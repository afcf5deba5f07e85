import assert from "node:assert/strict";
import { chmod, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { tempFolders } from "@exca/test-utils";
import { SlowTask, TutorialTask } from "./test-fixtures/tasks.js";

const temp = tempFolders("task-files");

describe("permissions", () => {
  it("applies the permissions option to every folder and file the task creates", async () => {
    const folder = join(temp.root, "perms");
    const old = process.umask(0o077);
    try {
      const task = new TutorialTask({ param: 3, infra: { folder, permissions: 0o770 } });
      await task.process();
      const check = async (path: string): Promise<void> => {
        const info = await stat(path);
        // job.json decides what `clear` signals: the group reads it, only its owner writes it (issue 17).
        const expected = info.isDirectory() ? 0o770 : path.endsWith("job.json") ? 0o640 : 0o660;
        assert.equal(info.mode & 0o777, expected, `${path}: ${(info.mode & 0o777).toString(8)}`);
        if (info.isDirectory()) for (const name of await readdir(path)) await check(join(path, name));
      };
      await check(folder);
    } finally {
      process.umask(old);
    }
  });
});

describe("permissions in a setgid folder", () => {
  it("keeps the setgid bit of the folders it creates, so that files below keep the team's group", async () => {
    const team = join(temp.root, "team");
    await mkdir(team);
    await chmod(team, 0o2770);
    const task = new TutorialTask({ param: 4, infra: { folder: join(team, "cache"), permissions: 0o770 } });
    await task.process();
    for (let folder = task.infra.uidFolder(); folder !== team; folder = dirname(folder))
      assert.equal((await stat(folder)).mode & 0o7777, 0o2770, folder);
  });
});

describe("workdir", { timeout: 60_000 }, () => {
  it("runs the job from a copy of the listed folders, so later edits do not change it", async () => {
    const project = join(temp.root, "project");
    await mkdir(join(project, "code"), { recursive: true });
    await writeFile(join(project, "code", "note.txt"), "v1");
    const cwd = process.cwd();
    process.chdir(project);
    try {
      const task = new SlowTask({
        value: 11,
        infra: { folder: join(temp.root, "wd-cache"), cluster: "process", workdir: { copied: ["code"] } },
      });
      const job = await task.infra.job();
      await writeFile(join(project, "code", "note.txt"), "v2");
      await job.result();
      const codeRoot = join(
        temp.root,
        "wd-cache",
        "exca.task.test-fixtures.tasks.SlowTask.process,1",
        "code",
      );
      const [copy] = await readdir(codeRoot);
      assert.match(copy ?? "", /^\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$/);
      const { readFile } = await import("node:fs/promises");
      assert.equal(await readFile(join(codeRoot, copy!, "code", "note.txt"), "utf8"), "v1");
      assert.match(await job.stdout(), /computing 11/);
    } finally {
      process.chdir(cwd);
    }
  });

  it("refuses to copy a path outside the working directory", async () => {
    const task = new SlowTask({
      value: 12,
      infra: { folder: join(temp.root, "wd-bad"), cluster: "process", workdir: { copied: ["/etc"] } },
    });
    await assert.rejects(task.process(), /outside the working directory/);
  });
});

// A new user's install: `pnpm pack` every publishable package, install the tarballs into an empty project
// with npm, and run the tutorial there (plain JavaScript, decorator-free forms, cluster "process").
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const project = mkdtempSync(join(tmpdir(), "exca-packed-"));
after(() => rmSync(project, { recursive: true, force: true }));

const TUTORIAL = `
import assert from "node:assert/strict";
import { Config, MapInfra, TaskInfra, Type, withInfra, isMain } from "exca";

export class TutorialTask extends Config({ param: Type.Integer({ default: 12 }), infra: TaskInfra.field({ version: "1" }) }) {
  async process() { return this.param * Math.random(); }
}
TaskInfra.applyTo(TutorialTask, "process");

export class TutorialMap extends Config({ param: Type.Integer({ default: 12 }), infra: MapInfra.field({ version: "1" }) }) {
  *process(items) { for (const item of items) yield new Float64Array(item * this.param).fill(item); }
}
MapInfra.applyTo(TutorialMap, "process", { itemUid: (item) => String(item) });

export const square = withInfra(async function square(p) { return p.x * p.x; }, { folder: "cache" });

if (isMain(import.meta.url)) {
  const task = new TutorialTask({ param: 1, infra: { folder: "cache", cluster: "process" } });
  const value = await task.process();
  assert.equal(await new TutorialTask({ param: 1, infra: { folder: "cache" } }).process(), value);
  const arrays = await new TutorialMap({ infra: { folder: "cache", cluster: "process", maxJobs: 2 } }).process([1, 2, 3]);
  assert.deepEqual(arrays.map((a) => a.length), [12, 24, 36]);
  assert.equal(await square({ x: 9 }), 81);
  process.stdout.write("tutorial ok\\n");
}
`;

describe("a packed install", { timeout: 180_000 }, () => {
  it("installs the tarballs with npm into an empty project and runs the tutorial", {
    timeout: 240_000,
  }, async () => {
    const tarballs = join(project, "tarballs");
    const packages = readdirSync(join(ROOT, "packages"));
    for (const name of packages) {
      const manifest = JSON.parse(readFileSync(join(ROOT, "packages", name, "package.json"), "utf8")) as {
        private?: boolean;
      };
      if (manifest.private) continue;
      await run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(ROOT, "packages", name) });
    }
    const files = readdirSync(tarballs).filter((file) => file.endsWith(".tgz"));
    assert.ok(files.length >= 7, files.join(", "));
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "new-user", private: true, type: "module" }),
    );
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        ...files.map((file) => join(tarballs, file)),
      ],
      {
        cwd: project,
        timeout: 180_000,
      },
    );
    writeFileSync(join(project, "tutorial.mjs"), TUTORIAL);
    const { stdout } = await run(process.execPath, ["tutorial.mjs"], { cwd: project });
    assert.match(stdout, /tutorial ok/);
    const { stdout: listed } = await run(join(project, "node_modules", ".bin", "exca"), ["ls", "cache"], {
      cwd: project,
    });
    assert.match(listed, /TutorialTask\.process\s+1\s+param=1-[0-9a-f]{8}\s+completed/);
  });
});

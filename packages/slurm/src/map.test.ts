import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempFolders } from "@exca/test-utils";
import { needsSlurm, requireSlurm, useSlurm } from "./test-fixtures/cluster.js";
import { SquareMap } from "./test-fixtures/maps.js";

const run = promisify(execFile);
const slurm = useSlurm();
const CLI = fileURLToPath(new URL("./cli.js", import.meta.resolve("exca")));

describe("MapInfra on slurm", needsSlurm(), () => {
  requireSlurm();
  const folders = tempFolders("slurm-map");

  it("maps 1,000 items with maxJobs 4 as one Slurm array, each item once", async () => {
    const folder = folders.folder();
    const countFile = join(folder, "count.txt");
    const calls = slurm().stats().sbatch;
    const mapper = new SquareMap({
      countFile,
      infra: { folder, cluster: "slurm", maxJobs: 4, progress: false },
    });
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const results = (await mapper.process(items)) as unknown as number[];
    assert.deepEqual(
      results,
      items.map((i) => i * i),
    );
    assert.equal(slurm().stats().sbatch - calls, 1, "one sbatch call");
    const lines = (await readFile(countFile, "utf8")).trim().split("\n");
    assert.equal(lines.length, 1000, "every item computed once");
    const jobs = new Set(lines.map((line) => line.split(" ")[0]));
    assert.equal(jobs.size, 4, "in 4 array tasks");

    // The CLI reads a cache written by Slurm jobs.
    const { stdout } = await run(process.execPath, [CLI, "ls", folder, "--json"]);
    const listed = JSON.parse(stdout) as { kind: string; items: number; status: string }[];
    assert.deepEqual(
      listed.map((info) => [info.kind, info.items, info.status]),
      [["map", 1000, "completed"]],
    );
    const shown = await run(process.execPath, [CLI, "show", mapper.infra.uidFolder()]);
    assert.match(shown.stdout, /\[map, completed\]/);
  });
});

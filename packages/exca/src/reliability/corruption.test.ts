// Corruption matrix: each kind of file exca writes is truncated, zeroed, bit-flipped or deleted. The next
// calls never return a wrong value and never hang: they recompute what they can, and otherwise fail with
// a CacheError, ConfigError or TaskError; whatever was damaged is named by a warning or by the error.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { CacheError, ConfigError, TaskError, toConfig, toYaml } from "../index.js";
import { DAMAGES, type Damage, damage, deadOwner, filesEnding } from "../test-fixtures/damage.js";
import { captureLogs, cli, lineCounts, runDriver, tempRoot, within } from "../test-fixtures/harness.js";
import { itemValue, ReliableMap, ReliableTask, taskValue } from "../test-fixtures/reliable.js";

const root = tempRoot("corruption");
after(() => root.remove());

const ITEMS = Array.from({ length: 60 }, (_, i) => i);
const N = 49; // a task value large enough for a data file
let pristine = "";
let cases = 0;
const summary: string[] = [];
after(() =>
  process.stdout.write(`# corruption matrix:\n${summary.map((line) => `#   ${line}`).join("\n")}\n`),
);

before(async () => {
  pristine = join(root.path, "pristine");
  const report = await runDriver({ folder: pristine, items: ITEMS, tasks: [N] });
  assert.deepEqual(report.errors, []);
});

const mapFolder = (folder: string): string => new ReliableMap({ infra: { folder } }).infra.uidFolder();
const taskFolder = (folder: string): string =>
  new ReliableTask({ n: N, infra: { folder } }).infra.uidFolder();

/** Puts a folder in the state where the target file matters, and returns the files to damage. */
interface Target {
  name: string;
  prepare(folder: string): string[];
  /** Runs after the damage. */
  settle?(files: string[]): void;
  /**
   * Reads the damaged files back after the calls, for files the calls themselves do not read (config.yaml):
   * `countFile` is the first call's.
   */
  reread?(folder: string, how: Damage, countFile: string): Promise<void>;
}

/** Dates a file back an hour, as left by a crash long ago (a claim's heartbeat, a lock's age). */
function ageFile(path: string): void {
  const longAgo = new Date(Date.now() - 3600_000);
  try {
    utimesSync(path, longAgo, longAgo);
  } catch {
    // deleted
  }
}

function inflightFile(folder: string, name: string, content: object): string {
  const uidFolder = mapFolder(folder);
  for (const file of [...filesEnding(uidFolder, ".index"), ...filesEnding(uidFolder, ".data")]) rmSync(file);
  mkdirSync(join(uidFolder, "inflight", name === "lock/owner" ? "lock" : ""), { recursive: true });
  const path = join(uidFolder, "inflight", name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const TARGETS: Target[] = [
  { name: "map index shard", prepare: (f) => filesEnding(mapFolder(f), ".index") },
  { name: "map data shard", prepare: (f) => filesEnding(mapFolder(f), ".data") },
  { name: "task result index", prepare: (f) => filesEnding(join(taskFolder(f), "result"), ".index") },
  { name: "task result data", prepare: (f) => filesEnding(join(taskFolder(f), "result"), ".data") },
  ...["uid.yaml", "full-uid.yaml"].flatMap((name) => [
    { name: `map ${name}`, prepare: (f: string) => [join(mapFolder(f), name)] },
    { name: `task ${name}`, prepare: (f: string) => [join(taskFolder(f), name)] },
  ]),
  {
    name: "map config.yaml",
    prepare: (f) => [join(mapFolder(f), "config.yaml")],
    reread: (f, how, countFile) =>
      rereadConfigYaml(mapFolder(f), how, new ReliableMap({ countFile, infra: { folder: f } }), f, countFile),
  },
  {
    name: "task config.yaml",
    prepare: (f) => [join(taskFolder(f), "config.yaml")],
    reread: async (f, how, countFile) => {
      const caller = new ReliableTask({ n: N, countFile, infra: { folder: f } });
      await rereadConfigYaml(taskFolder(f), how, caller, f, countFile);
      // iterCached builds tasks from config.yaml: never another config than the folder's.
      const logs = captureLogs();
      const found: ReliableTask[] = [];
      try {
        for await (const task of caller.infra.iterCached<ReliableTask>()) found.push(task);
      } finally {
        logs.restore();
      }
      assert.ok(found.length <= 1 && found.every((task) => task.n === N && task.salt === 7), how);
      if (found.length === 0)
        assert.ok(
          logs.warnings().some((text) => text.includes("config.yaml")),
          `${how}: iterCached said nothing`,
        );
    },
  },
  {
    // The job file matters when there is no result: the job of a process that is gone.
    name: "job.json",
    prepare: (f) => {
      rmSync(join(taskFolder(f), "result"), { recursive: true });
      return [join(taskFolder(f), "job.json")];
    },
  },
  {
    name: "inflight claim",
    prepare: (f) => {
      const keys = ITEMS.map((i) => `item-${i}`);
      return [inflightFile(f, "vm-1-abcdefgh.claim", { owner: deadOwner(), keys, records: [] })];
    },
    settle: (files) => files.forEach(ageFile),
  },
  {
    name: "inflight lock",
    prepare: (f) => [inflightFile(f, "lock/owner", deadOwner())],
    settle: (files) => {
      for (const file of files) ageFile(join(file, ".."));
    },
  },
];

/**
 * config.yaml is informational (calls never read it): a deleted one is rewritten, exactly, by the first call;
 * a damaged one is reported by `exca verify` when it no longer parses as a mapping, and after
 * `exca verify --repair` the next call rewrites it exactly.
 */
async function rereadConfigYaml(
  uidFolder: string,
  how: Damage,
  caller: object,
  folder: string,
  countFile: string,
): Promise<void> {
  const path = join(uidFolder, "config.yaml");
  const expected = toYaml(toConfig(caller));
  if (how === "delete") {
    assert.equal(readFileSync(path, "utf8"), expected, "a deleted config.yaml is rewritten exactly");
    return;
  }
  const verify = await cli("verify", folder, "--json");
  const problems = (JSON.parse(verify.stdout) as { problems: { file?: string }[] }).problems;
  assert.ok(
    problems.every((problem) => problem.file === path),
    `verify names other files than ${path}: ${verify.stdout}`,
  );
  if (problems.length === 0) return; // still a YAML mapping: informational text, left as it is
  assert.equal((await cli("verify", folder, "--repair")).code, 0);
  const logs = captureLogs();
  try {
    await callBoth(folder, countFile);
  } finally {
    logs.restore();
  }
  assert.equal(readFileSync(path, "utf8"), expected, "a repaired config.yaml is rewritten exactly");
}

type Outcome = { value: unknown } | { error: Error };

async function attempt(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Maps the items and calls the task on `folder`, each within a time limit. */
async function callBoth(folder: string, countFile: string): Promise<{ map: Outcome; task: Outcome }> {
  const mapper = new ReliableMap({ countFile, infra: { folder } });
  const task = new ReliableTask({ n: N, countFile, infra: { folder } });
  return {
    map: await attempt(() => within(Promise.resolve(mapper.process(ITEMS)), 20_000, "map")),
    task: await attempt(() => within(task.process(), 20_000, "task")),
  };
}

/** A value must be exact; an error must be one of exca's, and name a damaged file or the task's folder. */
function check(outcome: Outcome, expected: unknown, names: string[], what: string): void {
  if ("value" in outcome) {
    assert.ok(isDeepStrictEqual(outcome.value, expected), `${what}: wrong value`);
    return;
  }
  const { error } = outcome;
  assert.ok(
    error instanceof CacheError || error instanceof ConfigError || error instanceof TaskError,
    `${what}: unexpected ${error.stack}`,
  );
  assert.ok(
    names.some((name) => error.message.includes(name)),
    `${what}: the error does not name ${names.join(" or ")}: ${error.message}`,
  );
}

describe("corruption matrix", { timeout: 120_000 }, () => {
  for (const target of TARGETS) {
    for (const how of DAMAGES) {
      it(`${how} ${target.name}: recompute or a clear error naming the file, never a wrong value`, async () => {
        cases++;
        const folder = join(root.path, `case-${cases}`);
        cpSync(pristine, folder, { recursive: true });
        const files = target.prepare(folder);
        assert.ok(files.length > 0, `no ${target.name} to damage`);
        for (const file of files) damage(file, how as Damage);
        target.settle?.(files);
        const countFile = join(root.path, `count-${cases}.txt`);
        const logs = captureLogs();
        let first: { map: Outcome; task: Outcome };
        try {
          first = await callBoth(folder, countFile);
        } finally {
          logs.restore();
        }
        const names = [...files.map((file) => basename(file)), taskFolder(folder)];
        const expectedMap = ITEMS.map((i) => itemValue(i, 7));
        check(first.map, expectedMap, names, "map");
        check(first.task, taskValue(N, 7), names, "task");
        // What was recomputed, or refused with another error than a failed job's, must be explained.
        const recomputed = lineCounts(countFile).size;
        const shown = (o: Outcome): string => ("error" in o ? o.error.name : "exact");
        summary.push(
          `${how} ${target.name}: map ${shown(first.map)}, task ${shown(first.task)}, ` +
            `${recomputed} recomputed, ${logs.warnings().length} warnings`,
        );
        const refused = Object.values(first).some((o) => "error" in o && !(o.error instanceof TaskError));
        if (how !== "delete" && (recomputed > 0 || refused) && !target.name.startsWith("inflight")) {
          const said = [
            ...logs.warnings(),
            ...Object.values(first).map((o) => ("error" in o ? o.error.message : "")),
          ];
          assert.ok(
            said.some((text) => files.some((file) => text.includes(basename(file)))),
            `nothing names the damaged ${target.name}:\n${said.join("\n")}`,
          );
        }
        // A uid file that parses but differs needs a person (is it damage or another config?): once it is
        // removed, as the error says, everything works again.
        for (const outcome of Object.values(first))
          if ("error" in outcome && outcome.error instanceof CacheError && outcome.error.file !== undefined)
            rmSync(outcome.error.file, { force: true });
        const second = await callBoth(folder, join(root.path, `count-${cases}-again.txt`));
        check(second.map, expectedMap, [], "map, second call");
        if (target.name !== "job.json") check(second.task, taskValue(N, 7), [], "task, second call");
        await target.reread?.(folder, how as Damage, countFile);
      });
    }
  }

  it("waits for a claim of another host while its heartbeat is fresh, and takes it over once it stops", async () => {
    const folder = join(root.path, "foreign");
    cpSync(pristine, folder, { recursive: true });
    const keys = ITEMS.map((i) => `item-${i}`);
    const owner = { pid: 1, pidStart: "1", host: "another-host" };
    const claim = inflightFile(folder, "another-host-1-abcdefgh.claim", { owner, keys, records: [] });
    const logs = captureLogs();
    try {
      let done = false;
      const call = Promise.resolve(new ReliableMap({ infra: { folder } }).process(ITEMS)).finally(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(done, false, "a live claim of another host is waited for");
      ageFile(claim);
      assert.ok(
        isDeepStrictEqual(
          await within(call, 10_000, "takeover"),
          ITEMS.map((i) => itemValue(i, 7)),
        ),
      );
    } finally {
      logs.restore();
    }
    assert.ok(logs.warnings().some((text) => text.includes("another-host-1-abcdefgh.claim")));
  });

  it("iterCached skips a task whose config.yaml is damaged, naming it, and never yields another config", async () => {
    for (const how of DAMAGES) {
      const folder = join(root.path, `iter-${how}`);
      cpSync(pristine, folder, { recursive: true });
      damage(join(taskFolder(folder), "config.yaml"), how);
      const logs = captureLogs();
      const found: ReliableTask[] = [];
      try {
        for await (const task of new ReliableTask({ infra: { folder } }).infra.iterCached<ReliableTask>())
          found.push(task);
      } finally {
        logs.restore();
      }
      assert.ok(found.every((task) => task.n === N) && found.length <= 1, how);
      if (found.length === 0 && how !== "delete")
        assert.ok(
          logs.warnings().some((text) => text.includes("config.yaml")),
          `${how}: no warning`,
        );
    }
  });
});

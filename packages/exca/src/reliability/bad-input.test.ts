// Bad input: fuzzed configs, infra options, folder paths, item uids and CLI arguments. Every one either
// works (with the exact result) or fails with a clear error (a ConfigError naming the field, a TypeError
// or CacheError with a message); nothing crashes, hangs, or writes outside the cache folder.
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { main } from "../cli-main.js";
import { CacheError, ConfigError, TaskError } from "../index.js";
import { listTree, runDriver, tempRoot, within } from "../test-fixtures/harness.js";
import { NASTY_STRINGS, type Random, seeded } from "../test-fixtures/random.js";
import { FreeTask, itemValue, KeyedMap, ReliableMap } from "../test-fixtures/reliable.js";

// Folders live four levels below the temporary root, so that a path escaping them stays observable.
const outer = tempRoot("bad-input");
const root = join(outer.path, "a", "b", "c", "d");
const cwd = join(root, "cwd");
const startCwd = process.cwd();
const random = seeded();
const tried: Record<string, number> = {};
before(() => {
  mkdirSync(cwd, { recursive: true });
  process.chdir(cwd); // relative folders resolve inside the temporary root
});
after(() => {
  process.chdir(startCwd);
  outer.remove();
  const total = Object.values(tried).reduce((a, b) => a + b, 0);
  process.stdout.write(`# bad input (seed ${random.seed}): ${total} tried ${JSON.stringify(tried)}\n`);
});

/** Messages of JavaScript mistakes, not of clear errors. */
const INTERNAL = /Cannot read propert|is not a function|is not iterable|Maximum call stack|is not defined/;

/** An error must be one of the clear kinds, with a message; a ConfigError names each field in its issues. */
function assertClear(error: unknown, context: string): void {
  assert.ok(error instanceof Error, `${context}: threw a non-error ${String(error)}`);
  assert.ok(error.message.length > 0, `${context}: empty message`);
  assert.doesNotMatch(error.message, INTERNAL, `${context}: ${error.stack}`);
  if (error instanceof ConfigError) {
    assert.ok(error.issues.length > 0, context);
    for (const issue of error.issues) assert.match(issue.path, /^(\/[^/]*)*$/, context);
  } else {
    const clear = [CacheError, TaskError, TypeError, RangeError, Error];
    assert.ok(
      clear.some((kind) => error.constructor === kind),
      `${context}: ${error.constructor.name}: ${error.message}`,
    );
  }
}

/** New paths below the root must be inside `folder` (or the folders leading to it). */
function assertConfined(before: Set<string>, folder: string | undefined, context: string): void {
  const inside = folder === undefined ? undefined : resolve(folder);
  for (const path of listTree(outer.path)) {
    if (before.has(path)) continue;
    const full = join(outer.path, path);
    const allowed =
      inside !== undefined &&
      (full === inside || full.startsWith(inside + sep) || inside.startsWith(full + sep));
    assert.ok(allowed, `${context}: wrote ${full} outside ${inside}`);
  }
}

const pick = <T>(r: Random, list: readonly T[]): T => r.pick(list);

function folderFor(r: Random, i: number): unknown {
  const base = join(root, `c${i}`);
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, "file.txt"), "a file, not a folder");
  return pick(r, [
    base,
    join(base, "sub", "dir"),
    `${base}/x/../y`,
    join(base, ".."),
    join(base, "ünï cøde 🎉"),
    join(base, "x".repeat(300)),
    `${base}/nul\0byte`,
    `rel/c${i}`,
    join(base, "file.txt"),
    join(base, "file.txt", "below"),
    "",
    5,
    null,
  ]);
}

/** Values tried for each infra field (valid ones included). */
const INFRA_VALUES: Record<string, readonly unknown[]> = {
  cluster: [null, "local", "debug", "nope", "", 3, "auto", "process"],
  version: ["1", "2", 3, null, ...NASTY_STRINGS],
  keepInRam: [true, false, "yes", 0],
  permissions: [0o770, 0o700, 0o755, -1, 0o10000, 1.5, "0o770"],
  timeoutMin: [1, 0, -1, "x", Number.NaN],
  logs: ["{folder}/other-logs", "", 5],
  jobName: ["", "job", ...NASTY_STRINGS],
  cpusPerTask: [0, 1, 2.5, -1],
  workdir: [{ copied: [] }, { copied: ["nope"] }, "x", {}],
  slurmAdditionalParameters: [{ "a b": 1 }, { ok: 1 }, { ok: {} }],
  bogus: [1],
  "": [1],
};

const TASK_VALUES: Record<string, readonly unknown[]> = {
  name: [1, null, {}, [], ...NASTY_STRINGS],
  size: [0, 1, 1000, 1001, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "3", null, 2 ** 53, -0],
  ratio: [-0, 1e308, 5e-324, Number.NaN, Number.NEGATIVE_INFINITY, "0.5", null, 1n],
  tags: [[], ["a"], NASTY_STRINGS.slice(0, 8), "a", [1], null, [undefined]],
  nested: [{}, { a: 1 }, { a: "x" }, { c: 1 }, null, [], { a: 1.5, b: "\0" }],
  bogus: [1],
  constructor: [1],
  "infra.folder": [1],
};

const MAP_VALUES: Record<string, readonly unknown[]> = {
  ...INFRA_VALUES,
  mode: ["cached", "force", "readOnly", "retry", 2],
  maxJobs: [null, 0, 1, 2, -1, 1.5, "2"],
  minItemsPerJob: [0, 1, 10, -1],
  forbidSingleItemComputation: [true, false, "no"],
  progress: [true, false, 1],
};

/** Sets one or two random fields of `target` to random values; returns the dotted names changed. */
function mutate(
  r: Random,
  target: Record<string, unknown>,
  values: Record<string, readonly unknown[]>,
): string[] {
  const changed: string[] = [];
  for (let n = r.int(3); n > 0; n--) {
    const field = r.pick(Object.keys(values));
    target[field] = r.pick(values[field]!);
    changed.push(field);
  }
  return changed;
}

/** A fuzzed input: a valid base with a few fields changed. */
interface Fuzzed {
  input: Record<string, unknown>;
  folder: unknown;
  /** JSON pointers of the changed fields: a ConfigError must name one of them. */
  changed: string[];
}

/** A fuzzed input of a task (with `fieldValues`) or a map (without): folder, infra and field changes. */
function fuzzedInput(
  r: Random,
  i: number,
  fieldValues: Record<string, readonly unknown[]> | undefined,
): Fuzzed {
  const infra: Record<string, unknown> = { folder: folderFor(r, i) };
  const changed = [
    "/infra/folder",
    ...mutate(r, infra, fieldValues === undefined ? MAP_VALUES : INFRA_VALUES).map((f) => `/infra/${f}`),
  ];
  const input: Record<string, unknown> = { infra };
  if (fieldValues !== undefined) changed.push(...mutate(r, input, fieldValues).map((f) => `/${f}`));
  if (r.chance(0.05)) infra.mode = r.pick(["cached", "force", "retry", "readOnly", "bogus", 1]);
  changed.push("/infra/mode");
  return { input, folder: infra.folder, changed };
}

/** Builds, calls and checks one fuzzed object; returns how it ended. */
async function fuzzOne(
  label: string,
  changed: string[],
  build: () => { run(): Promise<unknown>; expected(): unknown },
): Promise<string> {
  let subject: ReturnType<typeof build>;
  try {
    subject = build();
  } catch (error) {
    assertClear(error, `${label} (construction)`);
    if (error instanceof ConfigError) {
      const named = error.issues.every((issue) => changed.some((path) => issue.path.startsWith(path)));
      assert.ok(named, `${label}: ${error.message} names none of ${changed.join(", ")}`);
    }
    return error instanceof ConfigError ? "ConfigError" : "construction error";
  }
  let value: unknown;
  try {
    value = await within(subject.run(), 15_000, label);
  } catch (error) {
    assertClear(error, label);
    return (error as Error).constructor.name;
  }
  assert.ok(isDeepStrictEqual(value, subject.expected()), `${label}: wrong value`);
  return "ok";
}

/** Runs `count` fuzzed cases built by `make`; checks each is confined to its folder; tallies outcomes. */
async function fuzzMany(
  kind: string,
  count: number,
  make: (i: number) => Fuzzed & { build: () => { run(): Promise<unknown>; expected(): unknown } },
): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const fuzzed = make(i);
    const before = new Set(listTree(outer.path));
    const label = `${kind} case ${i} (seed ${random.seed})`;
    const outcome = await fuzzOne(label, fuzzed.changed, fuzzed.build);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const { folder } = fuzzed;
    assertConfined(before, typeof folder === "string" && !folder.includes("\0") ? folder : undefined, label);
    // Keep the tree small: each case only needs its own folder.
    rmSync(join(root, `c${i}`), { recursive: true, force: true });
    rmSync(join(cwd, "rel"), { recursive: true, force: true });
  }
  tried[kind] = count;
  process.stdout.write(`# ${kind}: ${JSON.stringify(outcomes)}\n`);
  return outcomes;
}

describe("bad input", { timeout: 180_000 }, () => {
  it("fuzzed task configs, infra options and folder paths: a result or a clear error, confined", async () => {
    const outcomes = await fuzzMany("task configs", 250, (i) => {
      const fuzzed = fuzzedInput(random, i, TASK_VALUES);
      return {
        ...fuzzed,
        build: () => {
          const task = new FreeTask(fuzzed.input as never);
          return {
            run: () => task.process(),
            expected: () => ({ name: task.name, size: task.size, ratio: task.ratio, tags: [...task.tags] }),
          };
        },
      };
    });
    assert.ok((outcomes.ok ?? 0) > 8 && (outcomes.ConfigError ?? 0) > 20, JSON.stringify(outcomes));
  });

  it("fuzzed map infra options: a result or a clear error, confined", async () => {
    const items = [3, 1, 4, 1, 5];
    const outcomes = await fuzzMany("map infras", 150, (i) => {
      const fuzzed = fuzzedInput(random, i, undefined);
      return {
        ...fuzzed,
        build: () => {
          const mapper = new ReliableMap({ infra: fuzzed.input.infra as never });
          return {
            run: async () => (await mapper.process(items)) as unknown,
            expected: () => items.map((item) => itemValue(item, 7)),
          };
        },
      };
    });
    assert.ok((outcomes.ok ?? 0) > 8 && (outcomes.ConfigError ?? 0) > 10, JSON.stringify(outcomes));
  });

  it("item uids are plain keys: empty, huge, traversal, NUL, unicode; never paths", async () => {
    const folder = join(root, "keys");
    const strings = [...NASTY_STRINGS.filter((s) => s !== "\ud800"), ...randomStrings(random, 300)];
    const items = [...strings, ...strings.slice(0, 20)]; // duplicates too
    const before = new Set(listTree(outer.path));
    const mapper = new KeyedMap({ infra: { folder } });
    const expected = items.map((item) => `<${item}>`);
    assert.deepEqual(await mapper.process(items), expected);
    assert.deepEqual(await new KeyedMap({ infra: { folder } }).process(items), expected, "from the cache");
    assertConfined(before, folder, "item uids");
    const uidFolder = mapper.infra.uidFolder();
    for (const name of listTree(uidFolder))
      assert.match(
        name,
        /^(uid\.yaml|full-uid\.yaml|config\.yaml|inflight|.+-\d+-[0-9a-f]{12}\.(index|data))$/,
      );
    tried.itemUids = items.length;
  });

  it("refuses item uids and arguments it cannot take, with a clear error", async () => {
    const folder = join(root, "refused");
    const mapper = new KeyedMap({ infra: { folder } });
    const call = (...args: unknown[]) =>
      (mapper.process as unknown as (...a: unknown[]) => PromiseLike<unknown>)(...args);
    const cases: [string, () => unknown, RegExp][] = [
      ["lone surrogate", () => call(["ok", "\ud800"]), /lone surrogate/],
      ["number item uid", () => call([1]), /itemUid must return a string, got number/],
      ["object item", () => call([{}]), /itemUid must return a string/],
      ["a string", () => call("abc"), /takes an array/],
      ["null", () => call(null), /takes an array/],
      ["no argument", () => call(), /exactly one argument/],
      ["two arguments", () => call(["a"], ["b"]), /exactly one argument/],
    ];
    for (const [name, fn, message] of cases) {
      await assert.rejects(async () => fn(), message, name);
    }
    assert.deepEqual(await call(["ok"]), ["<ok>"], "the map still works");
    tried.refusedCalls = cases.length;
  });

  it("fuzzed CLI arguments: exit code 0, 1 or 2, a message, nothing written outside the cache", async () => {
    const cache = join(root, "cli-cache");
    await runDriver({ folder: cache, items: [1, 2, 3], tasks: [4] });
    const taskFolder = join(cache, "exca.test-fixtures.reliable.ReliableTask.process,1");
    const file = join(root, "cli-file.txt");
    writeFileSync(file, "not a cache");
    const args = [
      cache,
      cache,
      taskFolder,
      join(cache, "exca.test-fixtures.reliable.ReliableMap.process,1", "default"),
      file,
      join(root, "absent"),
      "",
      ".",
      "nul\0byte",
      "x".repeat(10_000),
      "ünï 🎉",
      "--json",
      "--yes",
      "--repair",
      "--help",
      "--nope",
      "-",
      "--",
      "-x",
    ];
    const commands = ["ls", "show", "clear", "status", "verify", "help", "frobnicate", "", "LS"];
    for (let i = 0; i < 300; i++) {
      const argv = [
        pick(random, commands),
        ...Array.from({ length: random.int(4) }, () => pick(random, args)),
      ];
      if (random.chance(0.1)) argv.shift();
      const before = new Set(listTree(outer.path));
      const lines: string[] = [];
      const errors: string[] = [];
      const code = await within(
        main(argv, { out: (text) => lines.push(text), err: (text) => errors.push(text) }),
        15_000,
        `exca ${JSON.stringify(argv)}`,
      );
      const context = `exca ${JSON.stringify(argv).slice(0, 200)} (seed ${random.seed})`;
      assert.ok([0, 1, 2].includes(code), `${context}: exit code ${code}`);
      if (code !== 0) assert.match([...errors, ...lines].join("\n"), /^exca: |^usage: |problem/m, context);
      assert.doesNotMatch(errors.join("\n"), INTERNAL, context);
      assertConfined(before, cache, context);
    }
    tried.cliArguments = 300;
  });
});

/** Random strings over a nasty alphabet (NUL, separators, dots, unicode, emoji), 0 to 400 characters. */
function randomStrings(r: Random, count: number): string[] {
  const alphabet = [
    "a",
    "Z",
    "0",
    "/",
    "\\",
    ".",
    "..",
    "\0",
    "\n",
    " ",
    "é",
    "中",
    "🎉",
    "\u202e",
    "%",
    "$",
    ":",
  ];
  return Array.from({ length: count }, () =>
    Array.from({ length: r.int(r.chance(0.1) ? 400 : 20) }, () => r.pick(alphabet)).join(""),
  );
}

// Security: loading a cache folder never runs code (hostile msgpack through MapInfra and TaskInfra, YAML
// tags in config files), uids and item uids never leave the folder, and the permissions option covers
// every file and folder that tasks and maps create, in workers too.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { ConfigError, withInfra } from "../index.js";
import { craftShard, HOSTILE_MSGPACK } from "../test-fixtures/craft.js";
import { captureLogs, cli, DRIVER, listTree, runDriver, sleep, tempRoot } from "../test-fixtures/harness.js";
import { itemValue, KeyedMap, ReliableMap, ReliableTask, taskValue } from "../test-fixtures/reliable.js";

const root = tempRoot("security");
const marker = join(root.path, "pwned");
after(() => root.remove());

const ITEMS = Array.from({ length: 10 }, (_, i) => i);
let pristine = "";
before(async () => {
  pristine = join(root.path, "pristine");
  await runDriver({ folder: pristine, items: ITEMS, tasks: [49] });
});

const mapFolder = (folder: string): string => new ReliableMap({ infra: { folder } }).infra.uidFolder();
const taskFolder = (folder: string): string =>
  new ReliableTask({ n: 49, infra: { folder } }).infra.uidFolder();

function assertNothingRan(): void {
  assert.equal((globalThis as { __excaPwned?: unknown }).__excaPwned, undefined, "code ran");
  assert.equal(existsSync(marker), false, "code ran");
  assert.equal(({} as { polluted?: unknown }).polluted, undefined, "prototype polluted");
}

const YAML_ATTACKS = [
  `n: !!js/function "function () { require('fs').writeFileSync('${marker}', 'x') }"\n`,
  `n: !<tag:yaml.org,2002:js/function> "function () { globalThis.__excaPwned = 1 }"\n`,
  `!!python/object/apply:os.system ["touch ${marker}"]\n`,
  `n: !include ${marker}\n`,
  `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
  `<<: {n: 49}\n__proto__: {polluted: true}\n`,
];

describe("loading a cache never runs code", { timeout: 60_000 }, () => {
  it("hostile msgpack in a map folder reads as missing or inert data; missing items are recomputed", async () => {
    const folder = join(root.path, "msgpack-map");
    cpSync(pristine, folder, { recursive: true });
    const hostile = Object.values(HOSTILE_MSGPACK);
    craftShard(mapFolder(folder), Object.fromEntries(hostile.map((bytes, i) => [`item-${i}`, bytes])));
    const logs = captureLogs();
    let results: unknown[];
    try {
      results = (await new ReliableMap({ infra: { folder } }).process(ITEMS)) as unknown as unknown[];
    } finally {
      logs.restore();
    }
    assertNothingRan();
    // Unknown extensions and references are refused (named in a warning) and recomputed; a record is data.
    assert.ok(logs.warnings().filter((text) => text.includes("crafted-1-0123456789ab.index")).length >= 3);
    for (const [i, value] of results.entries()) {
      if (i === hostile.length - 1) {
        assert.ok(Array.isArray(value) && value.length === 5, "the record array decodes as plain data");
        for (const entry of value as object[]) assert.equal(Object.getPrototypeOf(entry), Object.prototype);
      } else assert.ok(isDeepStrictEqual(value, itemValue(i, 7)), `item ${i}`);
    }
  });

  it("hostile msgpack as a task's result reads as missing, and the task is recomputed", async () => {
    for (const [name, bytes] of Object.entries(HOSTILE_MSGPACK)) {
      if (name === "evilRecordKeys") continue; // decodable: inert data, see the map test
      const folder = join(root.path, `msgpack-task-${name}`);
      cpSync(pristine, folder, { recursive: true });
      craftShard(join(taskFolder(folder), "result"), { value: bytes, error: bytes });
      const logs = captureLogs();
      try {
        assert.deepEqual(await new ReliableTask({ n: 49, infra: { folder } }).process(), taskValue(49, 7));
      } finally {
        logs.restore();
      }
      assertNothingRan();
      assert.ok(
        logs.warnings().some((text) => text.includes("is unreadable: recomputing it")),
        name,
      );
    }
  });

  it("YAML tags, aliases bombs and merge keys in uid.yaml, full-uid.yaml and config.yaml are never run", async () => {
    for (const [i, attack] of YAML_ATTACKS.entries()) {
      const folder = join(root.path, `yaml-${i}`);
      cpSync(pristine, folder, { recursive: true });
      for (const uidFolder of [mapFolder(folder), taskFolder(folder)])
        for (const name of ["uid.yaml", "full-uid.yaml", "config.yaml"])
          writeFileSync(join(uidFolder, name), attack);
      // The last attack is valid YAML (a mapping with odd keys): only the calls see it is not this config.
      const parses = i === YAML_ATTACKS.length - 1;
      assert.equal((await cli("verify", folder, "--json")).code, parses ? 0 : 1, "verify reports the files");
      const logs = captureLogs();
      try {
        const started = Date.now();
        for await (const found of new ReliableTask({ infra: { folder } }).infra.iterCached()) void found;
        const outcome = await new ReliableTask({ n: 49, infra: { folder } })
          .process()
          .catch((error: Error) => error);
        const map = await Promise.resolve(new ReliableMap({ infra: { folder } }).process(ITEMS)).catch(
          (e: Error) => e,
        );
        assert.ok(Date.now() - started < 5000, "no alias bomb expansion");
        for (const result of [outcome, map]) {
          if (result instanceof Error)
            assert.match(result.message, /uid\.yaml|full-uid\.yaml/, result.message);
        }
        const rewritten = [outcome, map].every((result) => !(result instanceof Error));
        if (rewritten) assert.equal((await cli("verify", folder)).code, 0, "the files were rewritten");
      } finally {
        logs.restore();
      }
      assertNothingRan();
    }
  });
});

describe("uids and item uids never leave the folder", { timeout: 60_000 }, () => {
  it("refuses a version or a function name that would make a path, and keeps item uids as keys", async () => {
    const folder = join(root.path, "escape", "cache");
    assert.throws(
      () => new ReliableTask({ infra: { folder, version: "../../x" } }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.issues[0]?.path, "/infra/version");
        return true;
      },
    );
    const named = { ["../../x"]: async () => 1 }["../../x"]!;
    await assert.rejects(withInfra(named, { folder })({}), /cannot name a folder inside/);
    const items = ["../../x", "/etc/passwd", "..", ".", "a/../../b", "\0"];
    assert.deepEqual(
      await new KeyedMap({ infra: { folder } }).process(items),
      items.map((item) => `<${item}>`),
    );
    assert.deepEqual(readdirSync(join(root.path, "escape")), ["cache"]);
    for (const path of listTree(folder)) assert.doesNotMatch(path, /passwd|(^|\/)x$|(^|\/)b$/);
  });
});

describe("permissions", { timeout: 60_000 }, () => {
  it("gives every file and folder that tasks and maps create the permissions option, workers included", async () => {
    const folder = join(root.path, "perms");
    const old = process.umask(0o077);
    try {
      const args = {
        folder,
        permissions: 0o770,
        delayMs: 20,
        items: Array.from({ length: 15 }, (_, i) => i),
      };
      // While the map runs, its claim and lock exist: check them too.
      const child = spawn(process.execPath, [DRIVER, JSON.stringify({ ...args, tasks: [1] })]);
      const transient = new Set<string>();
      const inflight = join(mapFolder(folder), "inflight");
      while (child.exitCode === null) {
        for (const name of existsSync(inflight) ? readdirSync(inflight) : []) {
          const stat = statSync(join(inflight, name), { throwIfNoEntry: false });
          // Temporary files get their mode just before they are renamed into place: only final names count.
          const kind = name.endsWith(".claim") ? "claim" : name === "lock" ? "lock" : undefined;
          if (stat !== undefined && kind !== undefined)
            transient.add(`${kind}:${(stat.mode & 0o777).toString(8)}`);
        }
        await sleep(5);
      }
      assert.ok(
        [...transient].some((entry) => entry.startsWith("claim:")),
        [...transient].join(" "),
      );
      for (const entry of transient) assert.match(entry, /^(claim:660|lock:770)$/);
      await runDriver({ ...args, items: [100, 101, 102], tasks: [2, 3], cluster: "process", delayMs: 0 });
    } finally {
      process.umask(old);
    }
    // Job records, specs, pid files and logs decide what runs and what gets signalled: the group reads
    // them, only their owner writes them (issue 17).
    const ownerOnly = /(^|\/)(job\.json|[^/]+\.spec\.json|logs\/[^/]+\.(out|err|pid))$/;
    for (const path of listTree(folder)) {
      const stat = statSync(join(folder, path));
      const expected = stat.isDirectory() ? 0o770 : ownerOnly.test(path) ? 0o640 : 0o660;
      assert.equal((stat.mode & 0o777).toString(8), expected.toString(8), path);
    }
    assert.ok(
      listTree(folder).some((path) => path.endsWith(".spec.json")),
      "worker files are covered",
    );
  });
});

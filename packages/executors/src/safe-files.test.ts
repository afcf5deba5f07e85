// The one implementation of "create a folder / write a file with a mode despite the umask" (issue 13):
// infra's cache files, the process executor's logs and Slurm's log folders all go through it.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempFolders } from "@exca/test-utils";
import { makeFolderWithMode, writeNewAtomic, writeTempFile } from "./safe-files.js";

const { folder } = tempFolders("safe-files");
const modeOf = (path: string): number => statSync(path).mode & 0o7777;

/** Runs `body` under `umask`, restoring the previous one. */
function underUmask<T>(umask: number, body: () => T): T {
  const old = process.umask(umask);
  try {
    return body();
  } finally {
    process.umask(old);
  }
}

describe("makeFolderWithMode", () => {
  it("gives every folder it creates the mode despite the umask, and returns the first it created", () => {
    const base = folder();
    mkdirSync(base);
    const deep = join(base, "a", "b", "c");
    const first = underUmask(0o077, () => makeFolderWithMode(deep, 0o770));
    assert.equal(first, join(base, "a"));
    for (const path of [join(base, "a"), join(base, "a", "b"), deep]) assert.equal(modeOf(path), 0o770, path);
    assert.equal(makeFolderWithMode(deep, 0o770), undefined, "an existing folder is fine, nothing created");
  });

  it("keeps the setgid bit a folder inherits from a team's setgid folder", () => {
    const team = folder();
    mkdirSync(team);
    chmodSync(team, 0o2770);
    const created = join(team, "cache");
    underUmask(0o077, () => makeFolderWithMode(created, 0o770));
    assert.equal(modeOf(created), 0o2770);
  });

  it("non-recursive: fails when the name exists (a planted folder or symlink), creates exactly one folder", () => {
    const base = folder();
    mkdirSync(base);
    const planted = join(base, "planted");
    symlinkSync(base, planted);
    assert.throws(() => makeFolderWithMode(planted, 0o750, { recursive: false }), /EEXIST/);
    assert.throws(() => makeFolderWithMode(join(base, "x", "y"), 0o750, { recursive: false }), /ENOENT/);
    const made = join(base, "logs");
    assert.equal(
      underUmask(0o077, () => makeFolderWithMode(made, 0o750, { recursive: false })),
      made,
    );
    assert.equal(modeOf(made), 0o750);
  });

  it("without exact, the umask narrows the mode (no permissions option: the user's umask decides)", () => {
    const made = join(folder(), "x");
    underUmask(0o077, () => makeFolderWithMode(made, 0o755, { exact: false }));
    assert.equal(modeOf(made), 0o700);
  });
});

describe("writeNewAtomic and writeTempFile", () => {
  it("write text and bytes with the mode despite the umask, leaving no temp file", () => {
    const base = folder();
    mkdirSync(base);
    underUmask(0o077, () => {
      writeNewAtomic(join(base, "a.txt"), "text", 0o640, true);
      writeNewAtomic(join(base, "b.bin"), new Uint8Array([1, 2, 3]), 0o660, true);
    });
    assert.equal(readFileSync(join(base, "a.txt"), "utf8"), "text");
    assert.deepEqual([...readFileSync(join(base, "b.bin"))], [1, 2, 3]);
    assert.equal(modeOf(join(base, "a.txt")), 0o640);
    assert.equal(modeOf(join(base, "b.bin")), 0o660);
    assert.deepEqual(readdirSync(base).sort(), ["a.txt", "b.bin"]);
  });

  it("replaces an existing file whole, and writeTempFile never reuses a name", () => {
    const base = folder();
    mkdirSync(base);
    const path = join(base, "value");
    writeNewAtomic(path, "old", 0o644, false);
    writeNewAtomic(path, "new", 0o644, false);
    assert.equal(readFileSync(path, "utf8"), "new");
    const a = writeTempFile(path, "1", 0o600, true);
    const b = writeTempFile(path, "2", 0o600, true);
    assert.notEqual(a, b);
    assert.equal(readFileSync(a, "utf8"), "1");
    assert.equal(modeOf(b), 0o600);
  });
});

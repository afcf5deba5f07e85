import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ownerWritableMode, writeNewAtomic } from "./safe-files.js";
import type { JobSpec } from "./types.js";

/** A spec file written for a worker, and the SHA-256 the worker checks it against. */
export interface WrittenSpec {
  /** Absolute path of the spec file. */
  path: string;
  /** Hex SHA-256 of its content: it travels on the worker's command line, not through the cache folder. */
  sha256: string;
}

function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Writes a spec as `<spec.folder>/<name>.spec.json` (atomically, through a new temp file, readable by the
 * group under `permissions` but writable by its owner only) and returns its path and hash.
 */
export function writeSpecFile(spec: JobSpec, name: string): WrittenSpec {
  const path = resolve(join(spec.folder, `${name}.spec.json`));
  const text = JSON.stringify(spec);
  writeNewAtomic(path, text, ownerWritableMode(spec.permissions), spec.permissions !== undefined);
  return { path, sha256: sha256(text) };
}

/** Error raised by a worker whose spec file is not the one its submitter wrote. */
export class SpecIntegrityError extends Error {
  override name = "SpecIntegrityError";
}

/**
 * Reads a spec written by {@link writeSpecFile}, refusing it unless its SHA-256 is `expected`: the file
 * lies in a folder others may write, so only the hash given by the submitter says it is the right one.
 */
export async function readSpec(path: string, expected: string | undefined): Promise<JobSpec> {
  if (expected === undefined || !/^[0-9a-f]{64}$/.test(expected))
    throw new SpecIntegrityError(
      `no SHA-256 given for the spec ${path}: the worker runs only specs whose hash is on its command line (worker.js <spec.json> <sha256>)`,
    );
  const bytes = await readFile(path);
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new SpecIntegrityError(
      `refusing the job spec ${path}: its SHA-256 is ${actual}, not ${expected} as submitted, so the file was replaced or changed after submission (by someone with write access to the cache folder?); nothing of it was run`,
    );
  return JSON.parse(bytes.toString("utf8")) as JobSpec;
}

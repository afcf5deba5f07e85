// `exca verify`: reads every record of every store below a folder (checksums are checked on read), parses
// the YAML and job files, and with `repair` drops what is bad so that the next call recomputes it.
import { existsSync, lstatSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseYaml } from "@exca/config";
import { readTail } from "@exca/executors";
import { INFLIGHT, isJobFile, UID_FOLDER_YAML, uidFolderPath } from "@exca/infra";
import { CacheDict, type CacheError } from "@exca/storage";
import { findUidFolders, SMALL_FILE_BYTES } from "./cache-folders.js";

/** One problem found by {@link verifyFolder}. */
export interface VerifyProblem {
  /** The uid folder it belongs to. */
  folder: string;
  /** The damaged file: an index or data file, a YAML file, the job record, a claim. */
  file: string;
  /** The key of a bad record, when it is one. */
  key?: string;
  /** What is wrong. */
  problem: string;
  /** True once `repair` fixed it (a tombstone for a record, a removal for a file exca rewrites). */
  repaired: boolean;
}

/** What {@link verifyFolder} checked and found. */
export interface VerifyReport {
  /** Uid folders checked. */
  folders: number;
  /** CacheDict stores checked (a map's uid folder, a task's `result` folder). */
  stores: number;
  /** Records read and checked against their checksums. */
  records: number;
  problems: VerifyProblem[];
  /**
   * Shards whose writer was killed mid-write: their last records were never complete, so nothing was
   * lost that had been written. Not damage, listed for information.
   */
  tornTails: string[];
}

const MISSING = Symbol("missing");
const BATCH = 512;

/** A store over `folder` whose read problems are collected into `problems` (typed by kind), not logged. */
function collectingStore(folder: string, problems: CacheError[]): CacheDict {
  return new CacheDict({ folder, refreshIntervalMs: 0, onProblem: (problem) => problems.push(problem) });
}

function hasShards(folder: string): boolean {
  try {
    return readdirSync(folder).some((name) => name.endsWith(".index"));
  } catch {
    return false;
  }
}

/** Reads every record of one store; bad ones become problems (tombstoned with `repair`). */
async function checkStore(
  uidFolder: string,
  folder: string,
  repair: boolean,
  report: VerifyReport,
): Promise<void> {
  const errors: CacheError[] = [];
  const store = collectingStore(folder, errors);
  const keys = store.keys();
  const bad: string[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const values = await store.getMany(batch, MISSING);
    batch.forEach((key, i) => {
      if (values[i] === MISSING) bad.push(key);
    });
    report.records += batch.length;
  }
  report.stores++;
  const damaged = new Set<string>();
  for (const error of errors) {
    const file = error.file ?? folder;
    if (error.kind === "bad-value" || !file.endsWith(".index")) continue; // a record's: reported below, by key
    if (error.kind === "torn-tail") report.tornTails.push(file);
    else {
      report.problems.push({ folder: uidFolder, file, problem: error.message, repaired: repair });
      damaged.add(file);
    }
  }
  if (repair) for (const file of damaged) quarantine(file);
  for (const key of bad) {
    const error = await whyUnreadable(folder, key);
    const problem = error?.message ?? "unreadable record";
    report.problems.push({ folder: uidFolder, file: error?.file ?? folder, key, problem, repaired: repair });
  }
  if (bad.length > 0 && repair)
    await store.write((writer) => {
      for (const key of bad) writer.delete(key);
    });
}

/** The warning reading one key raises (read alone, so that the warning is this key's). */
async function whyUnreadable(folder: string, key: string): Promise<CacheError | undefined> {
  const errors: CacheError[] = [];
  await collectingStore(folder, errors).get(key, MISSING);
  return errors.find((error) => error.key === key) ?? errors.find((error) => error.file?.endsWith(".data"));
}

/**
 * Sets a shard with a damaged index aside (`.damaged` suffix, with its data file): its records are unknown
 * or unsure, so every key it held reads as missing and the next call recomputes it.
 */
function quarantine(indexFile: string): void {
  const dataFile = indexFile.replace(/\.index$/, ".data");
  if (existsSync(dataFile)) renameSync(dataFile, `${dataFile}.damaged`);
  if (existsSync(indexFile)) renameSync(indexFile, `${indexFile}.damaged`);
}

/** Checks that a small file parses; a bad one is removed with `repair` (exca rewrites or forgets it). */
function checkFile(
  uidFolder: string,
  file: string,
  parse: (text: string) => boolean,
  repair: boolean,
  report: VerifyReport,
): void {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (stat === undefined) return;
  let problem: string | undefined;
  try {
    // Not read unless a regular file: a FIFO in its place would block the read forever.
    if (!stat.isFile()) problem = "not a regular file";
    else if (!parse(readTail(file, SMALL_FILE_BYTES))) problem = "unexpected content";
  } catch (error) {
    problem = (error as Error).message.split("\n").slice(0, 2).join(" ");
  }
  if (problem === undefined) return;
  if (repair) rmSync(file, { force: true });
  report.problems.push({ folder: uidFolder, file, problem, repaired: repair });
}

const isMapping = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// JSON.parse throws on a torn file: its message is the problem reported.
const parsesAsJobFile = (text: string): boolean => isJobFile(JSON.parse(text));

function parsesAsClaim(text: string): boolean {
  return Array.isArray((JSON.parse(text) as { keys?: unknown }).keys);
}

/**
 * Checks every uid folder below `root`: every record of its stores (the map store in the uid folder, the
 * task store in `result/`) is read back against its checksum, its YAML files must parse as mappings and
 * its job file and claims as JSON. With `repair`, bad records get a tombstone, shards with a damaged index
 * are set aside and bad files are removed, so that the next call recomputes (or rewrites) them. Repair
 * while nothing writes to the folder.
 */
export async function verifyFolder(root: string, options: { repair?: boolean } = {}): Promise<VerifyReport> {
  const repair = options.repair === true;
  const report: VerifyReport = { folders: 0, stores: 0, records: 0, problems: [], tornTails: [] };
  for (const folder of findUidFolders(root)) {
    report.folders++;
    for (const name of UID_FOLDER_YAML) {
      checkFile(folder, join(folder, name), (text) => isMapping(parseYaml(text, name)), repair, report);
    }
    checkFile(folder, uidFolderPath(folder, "job"), parsesAsJobFile, repair, report);
    const inflight = uidFolderPath(folder, "inflight");
    if (existsSync(inflight)) {
      for (const name of readdirSync(inflight).filter((n) => n.endsWith(INFLIGHT.claimSuffix)))
        checkFile(folder, join(inflight, name), parsesAsClaim, repair, report);
    }
    for (const store of [folder, uidFolderPath(folder, "result")])
      if (hasShards(store)) await checkStore(folder, store, repair, report);
  }
  return report;
}

// Cross-process deduplication of map items in flight: each caller claims the items it will compute in a
// claim file under `<uid folder>/inflight/`, written while holding a short lock (see folder-lock.ts),
// so two processes never claim the same item. A claim whose owner process died is dropped, and the items
// it held are taken over; the owner's liveness is checked through its pid on the same host, and through
// the claim's heartbeat (its mtime, refreshed every minute) from other hosts. Files rather than SQLite:
// no native module to build, nothing to corrupt globally (a bad claim file is ignored), and claims are
// few (one per call, not per item).
import { readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { getLogger } from "@exca/config";
import { getExecutor, HEARTBEAT_MS, type JobRecord, STALE_AFTER_MS } from "@exca/executors";
import { INFLIGHT, makeFolder, readText, uidFolderPath, writeAtomic } from "@exca/infra";
import { withFolderLock } from "./folder-lock.js";
import { HOST, type Owner, ownerGone, selfOwner } from "./owner.js";

const log = getLogger("map");

interface ClaimFile {
  owner: Owner;
  keys: string[];
  records: JobRecord[];
}

/** The claims of one uid folder. */
export class Inflight {
  readonly #folder: string;
  readonly #permissions: number | undefined;
  readonly #heartbeats = new Map<string, NodeJS.Timeout>();

  constructor(uidFolder: string, permissions: number | undefined) {
    this.#folder = uidFolderPath(uidFolder, "inflight");
    this.#permissions = permissions;
  }

  #withLock<T>(fn: () => Promise<T>): Promise<T> {
    makeFolder(this.#folder, this.#permissions);
    return withFolderLock(join(this.#folder, INFLIGHT.lock), this.#permissions, fn);
  }

  /** Live claims (dead ones are removed): file name → claim. */
  async #live(): Promise<Map<string, ClaimFile>> {
    const live = new Map<string, ClaimFile>();
    let names: string[];
    try {
      names = readdirSync(this.#folder).filter((name) => name.endsWith(INFLIGHT.claimSuffix));
    } catch {
      return live;
    }
    for (const name of names) {
      const path = join(this.#folder, name);
      const text = readText(path);
      const claim = text === undefined ? undefined : parseClaim(text);
      const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
      if (claim !== undefined && (await isLive(claim, mtimeMs))) live.set(path, claim);
      else if (text !== undefined) {
        log.warn(
          `dropping the claim ${path} ${claim === undefined ? "(unreadable)" : "of a process that is gone"}`,
        );
        rmSync(path, { force: true });
      }
    }
    return live;
  }

  /**
   * Claims the items among `keys` that nobody computes; `isDone` filters out finished ones, after
   * `refresh`. Returns the claim (undefined when nothing was left to claim) and the items others hold.
   */
  async claim(
    keys: readonly string[],
    refresh: () => Promise<void>,
    isDone: (key: string) => boolean,
  ): Promise<{ file?: string; mine: string[]; others: string[] }> {
    return this.#withLock(async () => {
      // Claims first, then results: a claim is released after its results are written, so one released
      // in between has its results seen by the refresh (the other order could miss both).
      const held = new Set<string>();
      for (const claim of (await this.#live()).values()) for (const key of claim.keys) held.add(key);
      await refresh();
      const mine: string[] = [];
      const others: string[] = [];
      for (const key of keys) {
        if (isDone(key)) continue;
        (held.has(key) ? others : mine).push(key);
      }
      if (mine.length === 0) return { mine, others };
      const file = join(
        this.#folder,
        `${HOST}-${process.pid}-${Math.random().toString(36).slice(2, 10)}${INFLIGHT.claimSuffix}`,
      );
      const content: ClaimFile = { owner: selfOwner(), keys: mine, records: [] };
      // Atomic: a reader never sees a claim half-written (which it would drop as unreadable).
      writeAtomic(file, JSON.stringify(content), this.#permissions);
      const heartbeat = setInterval(() => touch(file), HEARTBEAT_MS);
      heartbeat.unref();
      this.#heartbeats.set(file, heartbeat);
      return { file, mine, others };
    });
  }

  /** Adds the records of the jobs computing a claim's items, so that their liveness counts too. */
  addRecords(file: string, records: readonly JobRecord[]): void {
    const text = readText(file);
    if (text === undefined) return;
    const claim = JSON.parse(text) as ClaimFile;
    claim.records.push(...records);
    writeAtomic(file, JSON.stringify(claim), this.#permissions);
  }

  /** Releases a claim. */
  release(file: string | undefined): void {
    if (file === undefined) return;
    clearInterval(this.#heartbeats.get(file));
    this.#heartbeats.delete(file);
    rmSync(file, { force: true });
  }

  /** Of `keys`, those that no live claim holds any more (their owner died): to take over. */
  async orphans(keys: readonly string[]): Promise<string[]> {
    const held = new Set<string>();
    for (const claim of (await this.#live()).values()) for (const key of claim.keys) held.add(key);
    return keys.filter((key) => !held.has(key));
  }
}

/** A claim file's content, or undefined when it is not one (corrupted). */
function parseClaim(text: string): ClaimFile | undefined {
  try {
    const claim = JSON.parse(text) as Partial<ClaimFile> | null;
    const valid =
      typeof claim?.owner?.pid === "number" &&
      typeof claim.owner.host === "string" &&
      Array.isArray(claim.keys) &&
      claim.keys.every((key) => typeof key === "string") &&
      Array.isArray(claim.records);
    return valid ? (claim as ClaimFile) : undefined;
  } catch {
    return undefined;
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // released meanwhile
  }
}

/**
 * A claim lives while its owner process lives (on another host: while its heartbeat is recent), or while
 * one of its jobs runs (Slurm jobs outlive drivers).
 */
async function isLive(claim: ClaimFile, mtimeMs: number): Promise<boolean> {
  if (!ownerGone(claim.owner, mtimeMs, STALE_AFTER_MS)) return true;
  for (const record of claim.records) {
    try {
      if (!(await getExecutor(record.executor).reattach(record).done())) return true;
    } catch {
      // an executor that is not available here cannot vouch for its job
    }
  }
  return false;
}

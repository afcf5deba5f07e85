// Cross-process deduplication of map items in flight: each caller claims the items it will compute in a
// claim file under `<uid folder>/inflight/`, written while holding a short lock (see folder-lock.ts),
// so two processes never claim the same item. A claim whose owner process died is dropped, and the items
// it held are taken over; the owner's liveness is checked through its pid on the same host, and through
// the claim's heartbeat (its mtime, refreshed every minute) from other hosts. Files rather than SQLite:
// no native module to build, nothing to corrupt globally (a bad claim file is ignored), and claims are
// few (one per call, not per item).
//
// Workers outlive their driver (cluster jobs on purpose), and a driver can die after starting workers and
// before naming them in its claim (`records` are written once submitted; a queued job's pid once spawned).
// So each worker enlists in its claim before computing: under the lock, it adds itself to `workers` if
// the claim still exists, else it computes nothing (the items were taken over). Claims are dropped only
// under that same lock, and a claim lives while an enlisted worker lives: a worker computes only items
// that nobody took over, and nobody takes over items that a live worker computes. No grace period: a
// driver that died before starting anything is taken over at once.
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
  /** The workers computing the claim's items, each added by itself before computing (absent: none yet). */
  workers?: Owner[];
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

  /** The items of the live claims. */
  async #heldKeys(): Promise<Set<string>> {
    const held = new Set<string>();
    for (const claim of (await this.#live()).values()) for (const key of claim.keys) held.add(key);
    return held;
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
      const held = await this.#heldKeys();
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
      this.#beat(file);
      return { file, mine, others };
    });
  }

  /** Refreshes the claim's heartbeat (its mtime) until {@link release} or {@link leave}. */
  #beat(file: string): void {
    const heartbeat = setInterval(() => touch(file), HEARTBEAT_MS);
    heartbeat.unref();
    this.#heartbeats.set(file, heartbeat);
  }

  /**
   * Rewrites a claim with `change` applied, under the lock (so that a driver's records and its workers'
   * enlistments never overwrite each other); false when the claim is gone (released or taken over).
   */
  #update(file: string, change: (claim: ClaimFile) => void): Promise<boolean> {
    return this.#withLock(async () => {
      const text = readText(file);
      const claim = text === undefined ? undefined : parseClaim(text);
      if (claim === undefined) return false;
      change(claim);
      writeAtomic(file, JSON.stringify(claim), this.#permissions);
      return true;
    });
  }

  /** Adds the records of the jobs computing a claim's items, so that their liveness counts too. */
  async addRecords(file: string, records: readonly JobRecord[]): Promise<void> {
    await this.#update(file, (claim) => {
      claim.records.push(...records);
    });
  }

  /**
   * Called by a worker before it computes the items of the claim `name` (a file of this folder): adds this
   * process to the claim's workers and keeps its heartbeat until {@link leave}. False when the claim is
   * gone: its items were taken over (or released), and the worker must not compute them.
   */
  async enlist(name: string): Promise<boolean> {
    const file = join(this.#folder, name);
    const enlisted = await this.#update(file, (claim) => {
      claim.workers = [...(claim.workers ?? []), selfOwner()];
    });
    // The worker's heartbeat, for its liveness from other hosts once the driver's has stopped.
    if (enlisted) this.#beat(file);
    return enlisted;
  }

  /** Stops the heartbeat of a worker's claim, leaving the claim to its driver. */
  leave(name: string): void {
    const file = join(this.#folder, name);
    clearInterval(this.#heartbeats.get(file));
    this.#heartbeats.delete(file);
  }

  /** Releases a claim. */
  release(file: string | undefined): void {
    if (file === undefined) return;
    clearInterval(this.#heartbeats.get(file));
    this.#heartbeats.delete(file);
    rmSync(file, { force: true });
  }

  /**
   * Of `keys`, those that no live claim holds any more (their owner died): to take over. Under the lock,
   * as dead claims are dropped here: never between a worker's look at its claim and its enlistment.
   */
  orphans(keys: readonly string[]): Promise<string[]> {
    return this.#withLock(async () => {
      const held = await this.#heldKeys();
      return keys.filter((key) => !held.has(key));
    });
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
      Array.isArray(claim.records) &&
      (claim.workers === undefined ||
        (Array.isArray(claim.workers) &&
          claim.workers.every(
            (worker) => typeof worker?.pid === "number" && typeof worker.host === "string",
          )));
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
 * A claim lives while its owner process lives (on another host: while its heartbeat is recent), or one of
 * its enlisted workers, or while one of its jobs runs (Slurm jobs outlive drivers).
 */
async function isLive(claim: ClaimFile, mtimeMs: number): Promise<boolean> {
  if (!ownerGone(claim.owner, mtimeMs, STALE_AFTER_MS)) return true;
  for (const worker of claim.workers ?? []) if (!ownerGone(worker, mtimeMs, STALE_AFTER_MS)) return true;
  for (const record of claim.records) {
    try {
      if (!(await getExecutor(record.executor).reattach(record).done())) return true;
    } catch {
      // an executor that is not available here cannot vouch for its job
    }
  }
  return false;
}

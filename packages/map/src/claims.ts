// Cross-process deduplication of map items in flight: each caller claims the items it will compute in a
// claim file under `<uid folder>/inflight/`, written while holding a short lock (see folder-lock.ts),
// so two processes never claim the same item. A claim whose owner process died is dropped, and the items
// it held are taken over; the owner's liveness is checked through its pid on the same host, and through
// the claim's heartbeat (its mtime, refreshed every minute) from other hosts. Files rather than SQLite:
// no native module to build, nothing to corrupt globally (a bad claim file is ignored), and claims are
// few (one per call, not per item).
//
// Workers outlive their driver (cluster jobs, on purpose), and a driver can die after starting workers
// and before naming them in its claim (`records` are written once submitted, a queued job's pid once it
// is spawned). So each worker enlists before computing: under the lock, it writes a worker file beside its
// claim (`<claim>.<host>-<pid>.worker`) if the claim still exists, else it computes nothing (the items
// were taken over). Claims are dropped only under that same lock, and a claim lives while one of its
// workers does: a worker computes only items nobody took over, and nobody takes over items a live worker
// computes. No grace period: a driver that died before starting anything is taken over at once. Worker
// files rather than a list in the claim: a claim can hold a million keys, not to be rewritten per worker.
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { getLogger } from "@exca/config";
import { getExecutor, HEARTBEAT_MS, type JobRecord, STALE_AFTER_MS } from "@exca/executors";
import { INFLIGHT, makeFolder, readText, uidFolderPath, writeAtomic } from "@exca/infra";
import { withFolderLock } from "./folder-lock.js";
import { HOST, type Owner, ownerGone, parseOwner, selfOwner } from "./owner.js";

const log = getLogger("map");

interface ClaimFile {
  owner: Owner;
  keys: string[];
  records: JobRecord[];
}

/** The worker file of this process for the claim `claim` (a file name). */
function workerFileName(claim: string): string {
  const { host, pid } = selfOwner();
  return `${claim}.${host}-${pid}${INFLIGHT.workerSuffix}`;
}

/** The claims of one uid folder. */
export class Inflight {
  readonly #folder: string;
  readonly #permissions: number | undefined;
  readonly #heartbeats = new Map<string, NodeJS.Timeout>();
  /**
   * Claim files parsed, by path, with the file's identity when read: a waiter polls the claims every 100 ms,
   * and reading and parsing a claim of 1M keys again each time took ~720 ms a poll (a claim of 10M keys,
   * 100 MB of JSON). A claim is rewritten by rename (a new inode) and grows; any write, in place too,
   * changes the ctime (so does a heartbeat, once a minute): a file with the same inode, size and ctime
   * holds what was parsed.
   */
  readonly #parsed = new Map<string, { stamp: string; claim: ClaimFile | undefined }>();
  /** The keys of the live claims last looked at, while they are the same claim objects. */
  #held: { claims: ClaimFile[]; keys: Set<string> } | undefined;

  constructor(uidFolder: string, permissions: number | undefined) {
    this.#folder = uidFolderPath(uidFolder, "inflight");
    this.#permissions = permissions;
  }

  #withLock<T>(fn: () => Promise<T>): Promise<T> {
    makeFolder(this.#folder, this.#permissions);
    return withFolderLock(join(this.#folder, INFLIGHT.lock), this.#permissions, fn);
  }

  /**
   * Live claims: file name → claim. With `drop` (under the lock only), dead ones are removed with their
   * worker files, and so are worker files whose claim is gone.
   */
  async #live(drop: boolean): Promise<Map<string, ClaimFile>> {
    const live = new Map<string, ClaimFile>();
    let names: string[];
    try {
      names = readdirSync(this.#folder);
    } catch {
      return live;
    }
    const claims = names.filter((name) => name.endsWith(INFLIGHT.claimSuffix));
    const workerFiles = names.filter((name) => name.endsWith(INFLIGHT.workerSuffix));
    const workersOf = (claim: string): string[] => workerFiles.filter((name) => name.startsWith(`${claim}.`));
    const parsed = new Map<string, { stamp: string; claim: ClaimFile | undefined }>();
    for (const name of claims) {
      const path = join(this.#folder, name);
      const { exists, claim, mtimeMs } = this.#read(path, parsed);
      const workers = workersOf(name).map((worker) => join(this.#folder, worker));
      if (claim !== undefined && (await isLive(claim, mtimeMs, workers))) live.set(path, claim);
      else if (drop && exists) {
        log.warn(
          `dropping the claim ${path} ${claim === undefined ? "(unreadable)" : "of a process that is gone"}`,
        );
        rmSync(path, { force: true });
        for (const worker of workers) rmSync(worker, { force: true });
      }
    }
    // Left by a worker that died, or that enlisted as its driver released the claim.
    for (const name of drop ? workerFiles : [])
      if (!claims.some((claim) => name.startsWith(`${claim}.`)))
        rmSync(join(this.#folder, name), { force: true });
    // only the claims still there stay parsed
    this.#parsed.clear();
    for (const [path, entry] of parsed) this.#parsed.set(path, entry);
    return live;
  }

  /** A claim file, parsed again only when it changed since the last look (see #parsed); noted in `parsed`. */
  #read(
    path: string,
    parsed: Map<string, { stamp: string; claim: ClaimFile | undefined }>,
  ): { exists: boolean; claim: ClaimFile | undefined; mtimeMs: number } {
    // stat before reading: a file replaced in between is parsed again next time (its inode differs)
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return { exists: false, claim: undefined, mtimeMs: 0 };
    const stamp = `${stats.ino}:${stats.size}:${stats.ctimeMs}`;
    const known = this.#parsed.get(path);
    if (known?.stamp === stamp) {
      parsed.set(path, known);
      return { exists: true, claim: known.claim, mtimeMs: stats.mtimeMs };
    }
    const text = readText(path);
    if (text === undefined) return { exists: false, claim: undefined, mtimeMs: 0 };
    const entry = { stamp, claim: parseClaim(text) };
    parsed.set(path, entry);
    return { exists: true, claim: entry.claim, mtimeMs: stats.mtimeMs };
  }

  /** The items of the live claims (see {@link #live} for `drop`). */
  async #heldKeys(drop: boolean): Promise<Set<string>> {
    const claims = [...(await this.#live(drop)).values()];
    const last = this.#held;
    if (
      last !== undefined &&
      last.claims.length === claims.length &&
      last.claims.every((c, i) => c === claims[i])
    )
      return last.keys;
    const held = new Set<string>();
    for (const claim of claims) for (const key of claim.keys) held.add(key);
    this.#held = { claims, keys: held };
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
      const held = await this.#heldKeys(true);
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

  /** Refreshes the heartbeat (the mtime) of a claim or worker file until it is released. */
  #beat(file: string): void {
    const heartbeat = setInterval(() => touch(file), HEARTBEAT_MS);
    heartbeat.unref();
    this.#heartbeats.set(file, heartbeat);
  }

  /**
   * Adds the records of the jobs computing a claim's items, so that their liveness counts too. Under the
   * lock, so that a claim dropped meanwhile (its heartbeat went stale) is not written again.
   */
  async addRecords(file: string, records: readonly JobRecord[]): Promise<void> {
    await this.#withLock(async () => {
      const text = readText(file);
      const claim = text === undefined ? undefined : parseClaim(text);
      if (claim === undefined) return;
      claim.records.push(...records);
      writeAtomic(file, JSON.stringify(claim), this.#permissions);
    });
  }

  /**
   * Called by a worker before it computes the items of the claim `name` (a file of this folder): writes
   * its worker file, which keeps the claim alive while this process lives, until {@link leave}. False
   * when the claim is gone: its items were taken over (or released), and the worker must not compute them.
   */
  async enlist(name: string): Promise<boolean> {
    const claim = join(this.#folder, name);
    const file = join(this.#folder, workerFileName(name));
    const enlisted = await this.#withLock(async () => {
      if (!existsSync(claim)) return false;
      writeAtomic(file, JSON.stringify(selfOwner()), this.#permissions);
      return true;
    });
    // The worker's heartbeat, for its liveness from other hosts.
    if (enlisted) this.#beat(file);
    return enlisted;
  }

  /** Removes this worker's file for the claim `name`: its items are computed (or failed). */
  leave(name: string): void {
    this.release(join(this.#folder, workerFileName(name)));
  }

  /** Releases a claim (or a worker file). */
  release(file: string | undefined): void {
    if (file === undefined) return;
    clearInterval(this.#heartbeats.get(file));
    this.#heartbeats.delete(file);
    rmSync(file, { force: true });
  }

  /**
   * Of `keys`, those that no live claim holds any more (their owner died): to take over. Looked up without
   * the lock first (waiters poll this); items that look orphaned are looked up again under the lock, where
   * dead claims are dropped: never between a worker's look at its claim and its enlistment.
   */
  async orphans(keys: readonly string[]): Promise<string[]> {
    const orphaned = async (drop: boolean): Promise<string[]> => {
      const held = await this.#heldKeys(drop);
      return keys.filter((key) => !held.has(key));
    };
    if ((await orphaned(false)).length === 0) return [];
    return this.#withLock(() => orphaned(true));
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
 * A claim lives while its owner process lives (on another host: while its heartbeat is recent), or one of
 * its workers (the files `workers`, with their own heartbeat), or while one of its jobs runs (Slurm jobs
 * outlive drivers).
 */
async function isLive(claim: ClaimFile, mtimeMs: number, workers: readonly string[]): Promise<boolean> {
  if (!ownerGone(claim.owner, mtimeMs, STALE_AFTER_MS)) return true;
  for (const file of workers) {
    const text = readText(file);
    const worker = text === undefined ? undefined : parseOwner(text);
    const heartbeat = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (worker !== undefined && !ownerGone(worker, heartbeat, STALE_AFTER_MS)) return true;
  }
  for (const record of claim.records) {
    try {
      if (!(await getExecutor(record.executor).reattach(record).done())) return true;
    } catch {
      // an executor that is not available here cannot vouch for its job
    }
  }
  return false;
}

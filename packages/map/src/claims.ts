// Cross-process deduplication of map items in flight: each caller claims the items it will compute in a
// claim file under `<uid folder>/inflight/`, written while holding a short lock (an exclusive mkdir),
// so two processes never claim the same item. A claim whose owner process died is dropped, and the items
// it held are taken over. Files rather than SQLite: no native module to build, nothing to corrupt
// globally (a bad claim file is ignored), and claims are few (one per call, not per item).
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { getLogger } from "@exca/config";
import { getExecutor, isProcessAlive, type JobRecord, processStartTime } from "@exca/executors";
import { readText, writeAtomic } from "@exca/task/kit";

const log = getLogger("map");
const HOST = hostname().split(".")[0] ?? "localhost";
/** A lock older than this is from a process that died while holding it. */
const STALE_LOCK_MS = 10_000;

interface ClaimFile {
  owner: { pid: number; pidStart: string; host: string };
  keys: string[];
  records: JobRecord[];
}

let self: ClaimFile["owner"] | undefined;

function owner(): ClaimFile["owner"] {
  self ??= { pid: process.pid, pidStart: processStartTime(process.pid) ?? "", host: HOST };
  return self;
}

/** The claims of one uid folder. */
export class Inflight {
  readonly #folder: string;
  readonly #permissions: number | undefined;

  constructor(uidFolder: string, permissions: number | undefined) {
    this.#folder = join(uidFolder, "inflight");
    this.#permissions = permissions;
  }

  async #withLock<T>(fn: () => Promise<T>): Promise<T> {
    mkdirSync(this.#folder, { recursive: true, mode: this.#permissions });
    const lock = join(this.#folder, "lock");
    for (let attempt = 0; ; attempt++) {
      try {
        mkdirSync(lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
        else await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 20)));
      }
    }
    try {
      return await fn();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }

  /** Live claims (dead ones are removed): file name → claim. */
  async #live(): Promise<Map<string, ClaimFile>> {
    const live = new Map<string, ClaimFile>();
    let names: string[];
    try {
      names = readdirSync(this.#folder).filter((name) => name.endsWith(".claim"));
    } catch {
      return live;
    }
    for (const name of names) {
      const path = join(this.#folder, name);
      const text = readText(path);
      let claim: ClaimFile | undefined;
      try {
        claim = text === undefined ? undefined : (JSON.parse(text) as ClaimFile);
      } catch {
        claim = undefined;
      }
      if (claim !== undefined && (await isLive(claim))) live.set(path, claim);
      else if (text !== undefined) {
        log.warn(`dropping the claim ${path} of a process that is gone`);
        rmSync(path, { force: true });
      }
    }
    return live;
  }

  /**
   * Claims the items among `keys` that nobody computes; `isDone` filters out finished ones, after
   * `refresh` (both under the lock, so a claim released meanwhile cannot hide its results). Returns the claim (undefined when nothing was left to claim) and the items others hold.
   */
  async claim(
    keys: readonly string[],
    refresh: () => Promise<void>,
    isDone: (key: string) => boolean,
  ): Promise<{ file?: string; mine: string[]; others: string[] }> {
    return this.#withLock(async () => {
      // Results a released claim left must be seen now, not at the next periodic refresh.
      await refresh();
      const held = new Set<string>();
      for (const claim of (await this.#live()).values()) for (const key of claim.keys) held.add(key);
      const mine: string[] = [];
      const others: string[] = [];
      for (const key of keys) {
        if (isDone(key)) continue;
        (held.has(key) ? others : mine).push(key);
      }
      if (mine.length === 0) return { mine, others };
      const file = join(
        this.#folder,
        `${HOST}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.claim`,
      );
      const content: ClaimFile = { owner: owner(), keys: mine, records: [] };
      writeFileSync(file, JSON.stringify(content), {
        mode: this.#permissions === undefined ? undefined : this.#permissions & 0o666,
      });
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
    if (file !== undefined) rmSync(file, { force: true });
  }

  /** Of `keys`, those that no live claim holds any more (their owner died): to take over. */
  async orphans(keys: readonly string[]): Promise<string[]> {
    const held = new Set<string>();
    for (const claim of (await this.#live()).values()) for (const key of claim.keys) held.add(key);
    return keys.filter((key) => !held.has(key));
  }
}

/** A claim lives while its owner process lives, or while one of its jobs runs (Slurm jobs outlive drivers). */
async function isLive(claim: ClaimFile): Promise<boolean> {
  const { pid, pidStart, host } = claim.owner;
  if (host !== HOST) return true;
  if (isProcessAlive(pid, pidStart === "" ? undefined : pidStart)) return true;
  for (const record of claim.records) {
    try {
      if (!(await getExecutor(record.executor).reattach(record).done())) return true;
    } catch {
      // an executor that is not available here cannot vouch for its job
    }
  }
  return false;
}

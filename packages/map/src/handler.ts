import { getLogger } from "@exca/config";
import { importRef, type JobSpec } from "@exca/executors";
import { methodFor, ownerOf } from "@exca/infra";
import { CacheDict, type CacheType } from "@exca/storage";
import { Inflight } from "./claims.js";
import { computeInto } from "./compute.js";

const log = getLogger("map");

/** The extra fields of a map JobSpec. */
export interface MapSpecExtra {
  uidFolder: string;
  keys: string[];
  infraKey: string;
  cacheType?: CacheType;
  permissions?: number;
  /**
   * The name of the claim file (in the uid folder's `inflight/`) holding the items: the worker enlists in
   * it before computing, and computes nothing once it is gone (taken over). Absent: no claim to check.
   */
  claim?: string;
}

/** Runs one chunk of a map in a worker: rebuilds the object, computes the items, stores each result. */
export async function runMapJob(spec: JobSpec): Promise<void> {
  const extra = spec.extra as unknown as MapSpecExtra;
  const Class = await importRef<new (input: unknown) => object>(spec.target);
  const owner = new Class(spec.config);
  const infra = (owner as Record<string, unknown>)[extra.infraKey] as object;
  const method = methodFor(ownerOf(infra).owner, extra.infraKey, "map");
  const store = new CacheDict({
    folder: extra.uidFolder,
    cacheType: extra.cacheType,
    permissions: extra.permissions,
  });
  const items = spec.items ?? [];
  const inflight = new Inflight(extra.uidFolder, extra.permissions);
  if (extra.claim !== undefined && !(await inflight.enlist(extra.claim))) {
    // Its driver died before naming this job in the claim, and another caller took the items over.
    log.warn(`${spec.name}: not computing its items, their claim ${extra.claim} was taken over`);
    return;
  }
  try {
    await computeInto(
      (chunk) => method.original.call(owner, ...([chunk] as never[])),
      spec.name,
      items,
      extra.keys,
      store,
      () => {},
    );
  } finally {
    if (extra.claim !== undefined) inflight.leave(extra.claim);
  }
}

/** The handler reference that map JobSpecs carry. */
export const MAP_HANDLER = {
  moduleUrl: new URL("./handler.js", import.meta.url).href,
  exportName: "runMapJob",
} as const;

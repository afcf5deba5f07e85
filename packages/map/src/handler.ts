import { importRef, type JobSpec } from "@exca/executors";
import { methodFor, ownerOf } from "@exca/infra";
import { CacheDict, type CacheType } from "@exca/storage";
import { computeInto } from "./compute.js";

/** The extra fields of a map JobSpec. */
export interface MapSpecExtra {
  uidFolder: string;
  keys: string[];
  infraKey: string;
  cacheType?: CacheType;
  permissions?: number;
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
  await computeInto(
    (chunk) => method.original.call(owner, ...([chunk] as never[])),
    spec.name,
    items,
    extra.keys,
    store,
    () => {},
  );
}

/** The handler reference that map JobSpecs carry. */
export const MAP_HANDLER = {
  moduleUrl: new URL("./handler.js", import.meta.url).href,
  exportName: "runMapJob",
} as const;

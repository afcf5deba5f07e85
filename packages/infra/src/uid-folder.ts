// The layout of a uid folder (`<cache folder>/<module>.<Class>.<method>,<version>/<uid>`): the one place
// that spells its file names. Infras, the CLI and `exca verify` reach its entries through these helpers,
// so that renaming or adding an entry is one edit here.
import { join } from "node:path";

/** The entries of a uid folder, by role. */
export const UID_FOLDER = {
  /** The whole config, infra included (YAML): rebuilds the object (`exca show`, iterCached). */
  config: "config.yaml",
  /** The uid config: the non-default uid fields (YAML); its presence marks a uid folder. */
  uid: "uid.yaml",
  /** Every uid field, defaults included (YAML). */
  fullUid: "full-uid.yaml",
  /** The job record: who claimed the computation and the job that runs it (JSON, see claim.ts). */
  job: "job.json",
  /** The stored outcome (a CacheDict folder). */
  result: "result",
  /** The logs the executors write (`<spec folder>/logs`). */
  logs: "logs",
  /** In-flight claims of items being computed (MapInfra), one `*.claim` file per claim. */
  inflight: "inflight",
} as const;

/** In the method folder (beside the uid folders): the working directory copies of jobs (`workdir`). */
export const CODE_FOLDER = "code";

/**
 * In `inflight/`: the suffix of a claim file, of a worker file (`<claim>.<host>-<pid>.worker`: a worker
 * computing a claim's items), and the short lock held while claims change (MapInfra).
 */
export const INFLIGHT = { claimSuffix: ".claim", workerSuffix: ".worker", lock: "lock" } as const;

/** A role of an entry of a uid folder. */
export type UidFolderEntry = keyof typeof UID_FOLDER;

/** What tasks and maps write or delete in a uid folder: none of it may be a symlink. */
export const UID_FOLDER_ENTRIES: readonly string[] = [
  UID_FOLDER.result,
  UID_FOLDER.logs,
  UID_FOLDER.inflight,
  UID_FOLDER.config,
  UID_FOLDER.uid,
  UID_FOLDER.fullUid,
  UID_FOLDER.job,
];

/** The config views a uid folder keeps through a clear: they name the folder, they are not cached values. */
export const UID_FOLDER_IDENTITY: readonly string[] = [UID_FOLDER.uid, UID_FOLDER.fullUid];

/** The YAML files of a uid folder. */
export const UID_FOLDER_YAML: readonly string[] = [UID_FOLDER.uid, UID_FOLDER.fullUid, UID_FOLDER.config];

/** The path of an entry of a uid folder. */
export function uidFolderPath(uidFolder: string, entry: UidFolderEntry): string {
  return join(uidFolder, UID_FOLDER[entry]);
}

import "./builtins.js";

export { inProcessExecutor } from "./in-process.js";
export type { Holder } from "./liveness.js";
export { HEARTBEAT_MS, holderAlive, STALE_AFTER_MS } from "./liveness.js";
export {
  definitionSite,
  importRef,
  LocateError,
  locateExport,
  refuseWhileImporting,
  registerInternalPackage,
} from "./locate.js";
export { isProcessAlive, processStartTime } from "./pid.js";
export { processExecutor } from "./process.js";
export { LOG_READ_BYTES, readLog, readTail } from "./read-tail.js";
export { newJobRecord, RecordedJob } from "./recorded-job.js";
export {
  getExecutor,
  registerAutoProbe,
  registerExecutor,
  registeredExecutors,
  resolveClusterName,
} from "./registry.js";
export type { JobHandler } from "./run-handler.js";
export { runHandler } from "./run-handler.js";
export {
  assertOwnFile,
  type MakeFolderOptions,
  makeFolderWithMode,
  openNew,
  ownerWritableMode,
  UntrustedFileError,
  writeNewAtomic,
  writeTempFile,
} from "./safe-files.js";
export type { WrittenSpec } from "./spec-file.js";
export { readSpec, SpecIntegrityError, writeSpecFile } from "./spec-file.js";
export type {
  ClusterName,
  ExcaClusters,
  Executor,
  ExecutorFactory,
  ExecutorOptions,
  Job,
  JobOutcome,
  JobRecord,
  JobSpec,
  JobState,
  ModuleRef,
  Resources,
} from "./types.js";
export { isEnded } from "./types.js";

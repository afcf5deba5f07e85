// The infra kernel: what every infra (TaskInfra, MapInfra, and pipelines next) shares. Binding a method of a
// config class, state keyed by (object, infra field), the uid folder and its files, claims, building a
// JobSpec, reading results back. Infras are built on it; users import @exca/task or @exca/map.
export type { ApplyOptions, InfraMethod, Owner } from "./binding.js";
export {
  checkStandardDecorator,
  infraKeyOf,
  infraMethods,
  markMethod,
  methodFor,
  methodId,
  methodInfo,
  ownerOf,
  replaceMethod,
  setOwner,
} from "./binding.js";
export type { JobFile } from "./claim.js";
export {
  claimedJob,
  isJobFile,
  jobFilePath,
  parseJobFile,
  readJobFile,
  recordJob,
  removeJobFile,
  removeJobFileIf,
  tryClaim,
} from "./claim.js";
export type { ConfigViews } from "./config-files.js";
export { checkConfigFiles, uidYaml } from "./config-files.js";
export type { InfraState, InfraValues } from "./context.js";
export { InfraContext, issue } from "./context.js";
export type { ErrorInfo } from "./error-info.js";
export { errorInfo } from "./error-info.js";
export type { DataKeys, FieldKey, FieldPath, ObjectKeys } from "./field-names.js";
export type { CommonInfraFields, NonUidInfraField } from "./fields.js";
export { commonInfraFields, NON_UID_INFRA_FIELDS, RESOURCE_FIELDS, WorkdirSchema } from "./fields.js";
export {
  assertInsideCache,
  createExclusive,
  makeFolder,
  readText,
  removeTree,
  writeAtomic,
  writeFailure,
} from "./files.js";
export type { Holding } from "./held-claims.js";
export { heldJob, holdClaim, releaseClaim } from "./held-claims.js";
export { locateTarget, registerTargetFinder } from "./locate.js";
export type { Stored } from "./results.js";
export { InfraResults } from "./results.js";
export { infraJobSpec, jobFolder, jobLogsFolder } from "./spec.js";
export type { UidFolderEntry } from "./uid-folder.js";
export {
  CODE_FOLDER,
  INFLIGHT,
  UID_FOLDER,
  UID_FOLDER_ENTRIES,
  UID_FOLDER_IDENTITY,
  UID_FOLDER_YAML,
  uidFolderPath,
} from "./uid-folder.js";
export { prepareWorkdir, useWorkdir } from "./workdir.js";

export type { ApplyOptions, DataKeys, ErrorInfo, FieldKey, FieldPath, ObjectKeys } from "@exca/infra";
export { commonInfraFields, NON_UID_INFRA_FIELDS, RESOURCE_FIELDS, WorkdirSchema } from "@exca/infra";
export type {
  BoundTaskInfra,
  CloneLeaf,
  CloneOverride,
  CloneOverrides,
  DottedPaths,
  OwnerTypedMembers,
  ResultOf,
  TaskBinding,
  TaskInfraCommon,
  ValueAtPath,
} from "./bound.js";
export type { TaskLogs } from "./errors.js";
export { TaskError } from "./errors.js";
export { runTaskJob } from "./handler.js";
export type { BoundFieldClass, TaskMethod, TaskMethodName } from "./infra.js";
export { TaskInfra } from "./infra.js";
export type { JobArrayOptions } from "./job-array.js";
export type { TaskStatus } from "./run.js";
export { TaskJob } from "./task-job.js";

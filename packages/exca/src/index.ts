// The public API of exca, re-exported by name from its packages, plus `withInfra`.

export type { MemoizeControls, Memoized, MemoizeOptions } from "@exca/cache";
export { memoize } from "@exca/cache";
export type {
  AnyConfigClass,
  ApplyBinding,
  ConfigClass,
  ConfigInput,
  ConfigIssue,
  ConfigOptions,
  ExportOptions,
  InfraBoundTo,
  Logger,
  LogLevel,
  LogRecord,
  LogSink,
  OwnerBinding,
  OwnerBoundField,
  Shape,
} from "@exca/config";
export {
  ConfDict,
  Config,
  ConfigError,
  defineConfig,
  flatten,
  fromYaml,
  getLogger,
  isConfig,
  OneOf,
  setLogLevel,
  setLogSink,
  Type,
  toConfig,
  toYaml,
  UID_VERSION,
  uid,
  unflatten,
} from "@exca/config";
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
  Resources,
} from "@exca/executors";
export { getExecutor, registerExecutor } from "@exca/executors";
export type { MapApplyOptions, MapMethodName, MapResult } from "@exca/map";
export { MapInfra } from "@exca/map";
export type { CacheDictOptions, CacheType } from "@exca/storage";
export { CacheDict, CacheError } from "@exca/storage";
export type {
  ApplyOptions,
  BoundTaskInfra,
  CloneOverrides,
  DataKeys,
  FieldKey,
  FieldPath,
  JobArrayOptions,
  OwnerTypedMembers,
  ResultOf,
  TaskBinding,
  TaskInfraCommon,
  TaskMethodName,
  TaskStatus,
} from "@exca/task";
export { TaskError, TaskInfra, TaskJob } from "@exca/task";
export { isMain } from "./is-main.js";
export type { WithInfra, WithInfraOptions, WithInfraTask } from "./with-infra.js";
export { withInfra } from "./with-infra.js";

// The public API of exca, re-exported by name from its packages, plus `withInfra`.

export type { MemoizeControls, Memoized, MemoizeOptions } from "@exca/cache";
export { memoize } from "@exca/cache";
export type {
  AnyConfigClass,
  ConfigClass,
  ConfigInput,
  ConfigIssue,
  ConfigOptions,
  ExportOptions,
  Input,
  Logger,
  LogLevel,
  LogRecord,
  LogSink,
  Output,
  Shape,
  Static,
} from "@exca/config";
export {
  ConfDict,
  Config,
  ConfigError,
  defineConfig,
  flatten,
  fromObject,
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
export type { MapApplyOptions, MapResult } from "@exca/map";
export { MapInfra } from "@exca/map";
export type { CacheDictOptions, CacheType } from "@exca/storage";
export { CacheDict, CacheError } from "@exca/storage";
export type { ApplyOptions, TaskStatus } from "@exca/task";
export { TaskError, TaskInfra, TaskJob } from "@exca/task";
export { isMain } from "./is-main.js";
export type { WithInfra, WithInfraOptions } from "./with-infra.js";
export { withInfra } from "./with-infra.js";

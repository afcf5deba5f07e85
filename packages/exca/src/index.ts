// The public API of exca, re-exported by name from its packages, plus `withInfra`. Every type that a
// public signature uses is re-exported too, even when users rarely write it: a consumer's compiler names
// types only through the consumer's own dependencies, so a type exca does not export would appear in the
// consumer's emitted .d.ts as `import("@exca/…")`, which the consumer's users cannot resolve
// (tooling/consumer-test checks both).

export type { MemoizeControls, Memoized, MemoizeOptions } from "@exca/cache";
export { memoize } from "@exca/cache";
export type {
  AnyConfigClass,
  ClassOptions,
  ConfDictTree,
  ConfigClass,
  ConfigConstructor,
  ConfigFields,
  ConfigInput,
  ConfigInstance,
  ConfigIssue,
  ConfigOptions,
  ConfigStatics,
  DefaultAwareBuilders,
  Defaulted,
  ExcaType,
  ExportOptions,
  ExtraInput,
  ExtraPolicy,
  FieldInput,
  FieldSpec,
  FieldValue,
  Flat,
  HasDefault,
  Input,
  LiteralKeys,
  Logger,
  LogLevel,
  LogRecord,
  LogSink,
  MayOmit,
  MemberInput,
  ObjectInput,
  OmittableKeys,
  OneOfInput,
  OneOfOptions,
  OptionalKeys,
  Output,
  SchemaInput,
  SchemaProperties,
  Shape,
  Static,
  TAny,
  TArray,
  TagKeys,
  TagOf,
  TBigInt,
  TBoolean,
  TConfigField,
  TInteger,
  TLiteral,
  TNull,
  TNumber,
  TObject,
  TOneOf,
  TOptional,
  TProperties,
  TRecord,
  TSchema,
  TString,
  TTuple,
  TUnion,
  TUnknown,
  TUnsafe,
  ValueInput,
  WithDefault,
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
  ModuleRef,
  Resources,
} from "@exca/executors";
export { getExecutor, registerExecutor } from "@exca/executors";
// The infra kernel's types that TaskJob's constructor uses (TaskJob is built by `infra.job()`, not by users).
export type {
  ConfigViews,
  InfraContext,
  InfraMethod,
  InfraResults,
  InfraState,
  InfraValues,
  Stored,
} from "@exca/infra";
export type { MapApplyOptions, MapMethod, MapResult } from "@exca/map";
export { MapInfra } from "@exca/map";
export type {
  CacheDictOptions,
  CacheErrorDetails,
  CacheErrorKind,
  CacheType,
  CacheWriter,
  ResolvedOptions,
} from "@exca/storage";
export { CacheDict, CacheError } from "@exca/storage";
export type { ApplyOptions, ErrorInfo, TaskLogs, TaskMethod, TaskStatus } from "@exca/task";
export { TaskError, TaskInfra, TaskJob } from "@exca/task";
export { isMain } from "./is-main.js";
export type { WithInfra, WithInfraOptions } from "./with-infra.js";
export { withInfra } from "./with-infra.js";

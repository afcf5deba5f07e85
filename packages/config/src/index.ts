export { ConfDict, flatten, simplify, unflatten } from "./confdict.js";
export { Config, defineConfig, isConfig, OneOf } from "./config.js";
export type { ConfigIssue } from "./errors.js";
export { ConfigError } from "./errors.js";
export type { ExportOptions } from "./export.js";
export { toConfig } from "./export.js";
export { setFolderMode } from "./folder-mode.js";
export type { Logger, LogLevel, LogRecord, LogSink } from "./log.js";
export { getLogger, setLogLevel, setLogSink } from "./log.js";
export type { ApplyBinding, InfraBoundTo, OwnerBinding, OwnerBoundField } from "./owner-bound.js";
export { randomHex } from "./random-hex.js";
export type {
  AnyConfigClass,
  ConfigClass,
  ConfigFields,
  ConfigInput,
  ConfigInstance,
  ConfigOptions,
  ConfigStatics,
  FieldSpec,
  FieldValue,
  InputOf,
  Shape,
  TConfigField,
} from "./types.js";
export { formatFloat, UID_VERSION, uid, uidWithDigest } from "./uid.js";
export { Type } from "./vendor.js";
export { fromYaml, toYaml } from "./yaml.js";
export { parseYaml } from "./yaml-io.js";

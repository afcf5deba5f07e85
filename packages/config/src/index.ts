export type {
  Static,
  TAny,
  TArray,
  TBigInt,
  TBoolean,
  TInteger,
  TLiteral,
  TNull,
  TNumber,
  TObject,
  TOptional,
  TProperties,
  TRecord,
  TSchema,
  TString,
  TTuple,
  TUnion,
  TUnknown,
  TUnsafe,
} from "typebox";
export type { Tree as ConfDictTree } from "./confdict.js";
export { ConfDict, flatten, simplify, unflatten } from "./confdict.js";
export type { ClassOptions, ExtraPolicy, OneOfOptions } from "./config.js";
export { Config, defineConfig, isConfig, OneOf } from "./config.js";
export type { ConfigIssue } from "./errors.js";
export { ConfigError } from "./errors.js";
export type { ExportOptions } from "./export.js";
export { toConfig } from "./export.js";
export { setFolderMode } from "./folder-mode.js";
export { fromObject } from "./from-object.js";
export type { Logger, LogLevel, LogRecord, LogSink } from "./log.js";
export { getLogger, setLogLevel, setLogSink } from "./log.js";
export type {
  ApplyBinding,
  InfraBoundTo,
  OWNER_BOUND,
  OwnerBinding,
  OwnerBound,
  OwnerBoundField,
} from "./owner-bound.js";
export { randomHex } from "./random-hex.js";
export type { LiteralKeys, TagKeys } from "./tags.js";
export type { DefaultAwareBuilders, Defaulted, ExcaType, WithDefault } from "./type.js";
export { Type } from "./type.js";
export type {
  AnyConfigClass,
  ConfigClass,
  ConfigConstructor,
  ConfigFields,
  ConfigInput,
  ConfigInstance,
  ConfigOptions,
  ConfigStatics,
  ExtraInput,
  FieldInput,
  FieldSpec,
  FieldValue,
  Flat,
  HasDefault,
  Input,
  MayOmit,
  MemberInput,
  ObjectInput,
  OmittableKeys,
  OneOfInput,
  OptionalKeys,
  Output,
  SchemaInput,
  SchemaProperties,
  Shape,
  TagOf,
  TConfigField,
  TOneOf,
  ValueInput,
} from "./types.js";
export { formatFloat, UID_VERSION, uid, uidWithDigest } from "./uid.js";
export { fromYaml, toYaml } from "./yaml.js";
export { parseYaml } from "./yaml-io.js";

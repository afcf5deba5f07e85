import {
  type TArray,
  type TBoolean,
  type TInteger,
  type TNull,
  type TNumber,
  type TObject,
  type TOptional,
  type TRecord,
  type TString,
  type TUnion,
  type TUnsafe,
  Type,
} from "@exca/config";
import type { ClusterName } from "@exca/executors";

// The schema types are spelled out (isolatedDeclarations: a declaration must not need inference), with the
// `default` that `Type` records (it makes a field optional in a config's input); the compiler checks each
// against the value it annotates. No local aliases: the packages whose declarations include these types
// (TaskInfra, MapInfra) could not name them, and would print them expanded.
/** What is copied into a job's private code folder (so later edits do not change a running job). */
export const WorkdirSchema: TObject<{
  copied: TArray<TString>;
  folder: TOptional<TString>;
  excludes: TArray<TString> & { readonly default: string[] };
}> = Type.Object(
  {
    /** Files or folders to copy, relative to the working directory. */
    copied: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** Where the copy goes. @default `<method folder>/code/<date>-<6 hex>` */
    folder: Type.Optional(Type.String({ minLength: 1 })),
    /** Names skipped while copying folders. */
    excludes: Type.Array(Type.String(), { default: ["node_modules", ".git", "dist", ".turbo"] }),
  },
  { additionalProperties: false },
);

const Count: TInteger = Type.Integer({ minimum: 1 });

/**
 * The schemas of the infra fields every infra shares (see {@link commonInfraFields}); the undocumented
 * resource fields are grouped by schema kind.
 */
export type CommonInfraFields = {
  /** Cache folder; without one, results live in RAM only (with `keepInRam`). */
  folder: TOptional<TString>;
  /**
   * Where jobs run: `null`/"local" in-process, "process" a child process, "slurm", "debug", "auto", or a
   * registered name. Typed as the names declared in `ExcaClusters` (`@exca/slurm` adds "slurm" when
   * imported); checked against the registered executors when a job starts.
   */
  cluster: TUnion<[TNull, TUnsafe<ClusterName>]> & { readonly default: null };
  /** Bump to invalidate the cache of a method whose code changed. A folder name part: no `/`, `\`, NUL. */
  version: TString & { readonly default: string };
  /** Keep results in this process's RAM too. */
  keepInRam: TBoolean & { readonly default: true };
  /**
   * Folder of job logs; `{folder}` is the uid folder, `{user}` the user name. A path ending with `logs`
   * holds the log files itself; any other gets a `logs` subfolder (its job specs sit beside it). @default "{folder}/logs"
   */
  logs: TOptional<TString>;
  workdir: TOptional<typeof WorkdirSchema>;
  /** Mode of created folders (files get it without execute bits), e.g. 0o770 for a shared cache. @default the umask */
  permissions: TOptional<TInteger>;
  slurmAdditionalParameters: TOptional<TRecord<"^.*$", TUnion<[TString, TNumber, TBoolean]>>>;
  slurmSetup: TOptional<TArray<TString>>;
} & {
  [K in "jobName" | "slurmPartition" | "slurmAccount" | "slurmQos" | "slurmConstraint"]: TOptional<TString>;
} & {
  [K in "cpusPerTask" | "gpusPerNode" | "nodes" | "tasksPerNode"]: TOptional<TInteger>;
} & { [K in "timeoutMin" | "memGb"]: TOptional<TNumber> };

/**
 * Infra fields shared by TaskInfra and MapInfra (documented on {@link CommonInfraFields}, the type that
 * users' editors show). Only `version` counts in uids; the rest says where and how to compute.
 */
export const commonInfraFields: CommonInfraFields = {
  folder: Type.Optional(Type.String({ minLength: 1 })),
  cluster: Type.Union([Type.Null(), Type.Unsafe<ClusterName>(Type.String({ minLength: 1 }))], {
    default: null,
  }),
  version: Type.String({ default: "0", maxLength: 128, pattern: "^[^/\\\\\\u0000]*$" }),
  keepInRam: Type.Boolean({ default: true }),
  logs: Type.Optional(Type.String({ minLength: 1 })),
  workdir: Type.Optional(WorkdirSchema),
  permissions: Type.Optional(Type.Integer({ minimum: 0, maximum: 0o7777 })),
  jobName: Type.Optional(Type.String({ minLength: 1 })),
  timeoutMin: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  cpusPerTask: Type.Optional(Count),
  gpusPerNode: Type.Optional(Type.Integer({ minimum: 0 })),
  memGb: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  nodes: Type.Optional(Count),
  tasksPerNode: Type.Optional(Count),
  slurmPartition: Type.Optional(Type.String({ minLength: 1 })),
  slurmAccount: Type.Optional(Type.String({ minLength: 1 })),
  slurmQos: Type.Optional(Type.String({ minLength: 1 })),
  slurmConstraint: Type.Optional(Type.String({ minLength: 1 })),
  slurmAdditionalParameters: Type.Optional(
    Type.Record(
      Type.String({ pattern: "^[a-z][a-z0-9-]*$" }),
      Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
    ),
  ),
  slurmSetup: Type.Optional(Type.Array(Type.String())),
};

/** The names of the infra fields that never reach uids. */
export type NonUidInfraField = Exclude<keyof typeof commonInfraFields, "version">;

/** Every infra field except `version` stays out of uids (typed: `excludeFromUid` takes field names). */
export const NON_UID_INFRA_FIELDS: readonly NonUidInfraField[] = Object.keys(commonInfraFields).filter(
  (key): key is NonUidInfraField => key !== "version",
);

/** The resource fields, as executors receive them. */
export const RESOURCE_FIELDS = [
  "timeoutMin",
  "cpusPerTask",
  "gpusPerNode",
  "memGb",
  "nodes",
  "tasksPerNode",
  "slurmPartition",
  "slurmAccount",
  "slurmQos",
  "slurmConstraint",
  "slurmAdditionalParameters",
  "slurmSetup",
] as const;

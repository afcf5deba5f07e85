import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, type ConfigIssue, getLogger, toConfig, uid } from "@exca/config";
import { getExecutor, resolveClusterName } from "@exca/executors";
import { type InfraMethod, legacyMethodId, methodId } from "./binding.js";
import type { ConfigViews } from "./config-files.js";
import { RESOURCE_FIELDS } from "./fields.js";
import { InfraResults, type Stored } from "./results.js";

/** The infra fields that the task machinery reads. */
export interface InfraValues {
  folder?: string;
  cluster: string | null;
  mode: "cached" | "force" | "retry" | "readOnly";
  version: string;
  keepInRam: boolean;
  logs?: string;
  permissions?: number;
  jobName?: string;
  workdir?: { copied: readonly string[]; folder?: string; excludes: readonly string[] };
}

/** Per-object state: what this instance computed, its effective mode, its uid. */
export interface InfraState {
  mode: InfraValues["mode"];
  ram?: Stored;
  uid?: string;
  configsChecked?: boolean;
}

/** Per object, per infra field: an object with two infras (two decorated methods) has two uids, two values. */
const states = new WeakMap<object, Map<string, InfraState>>();

/** The state of an object's task driven by its infra field `infraKey` (created on first use). */
export function stateOf(owner: object, infraKey: string, infra: InfraValues): InfraState {
  let byInfra = states.get(owner);
  if (byInfra === undefined) {
    byInfra = new Map();
    states.set(owner, byInfra);
  }
  let state = byInfra.get(infraKey);
  if (state === undefined) {
    state = { mode: infra.mode };
    byInfra.set(infraKey, state);
  }
  return state;
}

/** Everything derived from one (object, infra field, method) triple. */
export class InfraContext {
  readonly owner: object;
  readonly infraKey: string;
  readonly infra: InfraValues;
  readonly method: InfraMethod;
  readonly state: InfraState;
  #results: InfraResults | undefined;

  constructor(owner: object, infraKey: string, method: InfraMethod) {
    this.owner = owner;
    this.infraKey = infraKey;
    this.infra = (owner as Record<string, unknown>)[infraKey] as InfraValues;
    this.method = method;
    this.state = stateOf(owner, infraKey, this.infra);
  }

  /** The cluster name after resolving `null` and `"auto"`. */
  get cluster(): string {
    return resolveClusterName(this.infra.cluster);
  }

  /** True when jobs run in this process. */
  get inProcess(): boolean {
    return getExecutor(this.infra.cluster).inProcess;
  }

  /** Fields popped from the cache uid by `excludeFromCacheUid`; a field the class does not have throws. */
  cacheExclusions(): readonly string[] {
    const option = this.method.options.excludeFromCacheUid;
    const exclusions = typeof option === "function" ? option(this.owner) : (option ?? []);
    for (const dotted of exclusions) checkFieldPath(this.owner.constructor, dotted);
    return exclusions;
  }

  /** The uid config and its exports (with `excludeFromCacheUid` applied to the uid views). */
  views(): ConfigViews {
    const exclusions = this.cacheExclusions();
    const strip = (tree: Record<string, unknown>): Record<string, unknown> => {
      for (const dotted of exclusions) deletePath(tree, dotted);
      return tree;
    };
    return {
      config: toConfig(this.owner),
      uid: strip(toConfig(this.owner, { uid: true, excludeDefaults: true })),
      fullUid: strip(toConfig(this.owner, { uid: true })),
    };
  }

  /** `<module>.<Class>.<method>,<version>/<uid>` (uid `default` when every field has its default value). */
  uid(): string {
    if (this.state.uid === undefined) {
      const exclusions = this.cacheExclusions();
      const objectUid = exclusions.length === 0 ? uid(this.owner) : uid(this.views().uid);
      this.state.uid = `${this.methodFolder()}/${objectUid}`;
    }
    return this.state.uid;
  }

  /**
   * `<module>.<Class>.<method>,<version>`. A folder of the former layout (`<Class>.<method>,<version>`) is
   * never read: two classes of the same name shared it, so nothing says which one wrote it. When one
   * exists and the new one does not, a warning (once per process) gives the `mv` that reuses it.
   */
  methodFolder(): string {
    const current = `${methodId(this.owner, this.method)},${this.infra.version}`;
    const folder = this.infra.folder;
    if (folder !== undefined) {
      const legacy = `${legacyMethodId(this.owner, this.method)},${this.infra.version}`;
      if (legacy !== current) warnLegacy(folder, legacy, current);
    }
    return current;
  }

  /**
   * The uid folder; throws a ConfigError when the infra has no folder, and a TypeError when the uid could
   * not name a folder inside it (a class or method name holding `/`).
   */
  uidFolder(): string {
    const folder = this.requireFolder();
    const parts = this.uid().split("/");
    if (parts.length !== 2 || parts.some((part) => part === "." || part === ".." || /[\\\0]/.test(part))) {
      throw new TypeError(`the uid ${JSON.stringify(this.uid())} cannot name a folder inside ${folder}`);
    }
    return join(folder, ...parts);
  }

  requireFolder(): string {
    if (this.infra.folder === undefined) {
      throw new ConfigError(this.owner.constructor.name, [
        issue(this.infraKey, "folder", "this needs a cache folder"),
      ]);
    }
    return this.infra.folder;
  }

  /** Stored outcome of the task (lazily opened). */
  results(): InfraResults {
    this.#results ??= new InfraResults(this.uidFolder(), this.infra.permissions);
    return this.#results;
  }

  /** The job name: `jobName`, else `<Class>.<method>,<version>/<uid>`. */
  jobName(): string {
    return this.infra.jobName ?? this.uid();
  }

  /** Resource fields set on the infra, for the executor. */
  resources(): Record<string, unknown> {
    const infra = this.infra as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of RESOURCE_FIELDS) if (infra[key] !== undefined) out[key] = infra[key];
    return out;
  }
}

const checked = new Set<string>();

/** Warns when the former folder exists and the new one does not (once per process; one stat once the new one exists). */
function warnLegacy(folder: string, legacy: string, current: string): void {
  const path = join(folder, legacy);
  const target = join(folder, current);
  if (checked.has(target)) return;
  if (existsSync(target)) return void checked.add(target);
  if (!existsSync(path)) return; // neither yet: asked again until the new folder exists
  checked.add(target);
  getLogger("task").warn(
    `${path} holds results of the former layout (without the module), which two classes of the same name ` +
      `shared; they are not read. If only this class wrote there, rename it to reuse them: mv "${path}" "${target}"`,
  );
}

/** A ConfigError issue about an infra field. */
export function issue(infraKey: string, field: string, message: string): ConfigIssue {
  return { path: `/${infraKey}/${field}`, message };
}

type ShapeHolder = { shape?: Record<string, unknown>; options?: { extra?: string }; name?: string };

/**
 * Throws when a dotted `excludeFromCacheUid` entry names no field of the class (a typo would otherwise
 * silently keep the field in the uid). Fields inside unions or free-form objects cannot be checked.
 */
function checkFieldPath(cls: Function, dotted: string): void {
  let level = cls as ShapeHolder;
  let fields = level.shape;
  const parts = dotted.split(".");
  for (const [i, part] of parts.entries()) {
    if (fields === undefined || level.options?.extra === "allow") return;
    if (!(part in fields)) {
      const where = i === 0 ? cls.name : `${cls.name}.${parts.slice(0, i).join(".")}`;
      throw new TypeError(
        `${cls.name}: excludeFromCacheUid names unknown field "${dotted}" (${where} has fields: ${Object.keys(fields).join(", ")})`,
      );
    }
    const spec = fields[part] as ShapeHolder & { properties?: Record<string, unknown> };
    level = spec;
    fields = spec.shape ?? spec.properties;
  }
}

/** Deletes a dotted key from a plain tree, removing parents left empty. */
function deletePath(tree: Record<string, unknown>, dotted: string): void {
  const parts = dotted.split(".");
  const chain: Record<string, unknown>[] = [tree];
  for (const part of parts.slice(0, -1)) {
    const next = chain[chain.length - 1]![part];
    if (typeof next !== "object" || next === null) return;
    chain.push(next as Record<string, unknown>);
  }
  delete chain[chain.length - 1]![parts[parts.length - 1]!];
  for (let i = chain.length - 1; i > 0 && Object.keys(chain[i]!).length === 0; i--)
    delete chain[i - 1]![parts[i - 1]!];
}

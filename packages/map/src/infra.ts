import { Config, getLogger, Type } from "@exca/config";
import { definitionSite, registerInternalPackage } from "@exca/executors";
import {
  type ApplyOptions,
  checkStandardDecorator,
  commonInfraFields,
  InfraContext,
  type InfraMethod,
  infraKeyOf,
  markMethod,
  methodFor,
  NON_UID_INFRA_FIELDS,
  ownerOf,
  replaceMethod,
  setOwner,
} from "@exca/infra";
import type { CacheType } from "@exca/storage";
import { type MapResult, mapResult, ResultBoard } from "./call.js";
import { MIN_ITEM_UID_LENGTH, shortenItemUid } from "./item-uid.js";
import { type KeyPositions, keyPositions } from "./key-positions.js";
import { runMap } from "./run.js";
import { mapStateOf, storeOf } from "./state.js";

const log = getLogger("map");
registerInternalPackage(new URL("..", import.meta.url).href);

/** Options of `@MapInfra.apply()`. */
export interface MapApplyOptions<This, Item> extends ApplyOptions<This> {
  /** The cache key of an item: results are cached per item under it. */
  itemUid: (item: Item) => string;
  /** Longer item uids are shortened (prefix..N..suffix-hash); at least 32. @default 256 */
  itemUidMaxLength?: number;
  /** Forces a storage handler for the results ("msgpack", "raw", "ndarray", "string"). @default "auto" */
  cacheType?: CacheType;
}

/** The methods `@MapInfra.apply()` accepts: one array of items in, one result per item out. */
export type MapMethod<This, Item, Out> = (this: This, items: Item[]) => Out;

/** The names of the methods of `I` that take one argument (what `MapInfra.applyTo` may decorate). */
export type MapMethodName<I> = {
  [K in keyof I]-?: K extends string ? (I[K] extends (items: never) => unknown ? K : never) : never;
}[keyof I];

const NON_UID = [
  ...NON_UID_INFRA_FIELDS,
  "mode",
  "maxJobs",
  "minItemsPerJob",
  "forbidSingleItemComputation",
  "progress",
] as const;

/**
 * The infra of a map: a config's method applied to many items, each result cached under its item uid in
 * `<folder>/<Class>.<method>,<version>/<uid>`. Only missing items are computed, spread over jobs, once
 * across processes. Every field but `version` stays out of the uid.
 */
export class MapInfra extends Config(
  {
    ...commonInfraFields,
    /** cached: reuse results; force: recompute the requested items once per object; readOnly: never compute. */
    mode: Type.Union([Type.Literal("cached"), Type.Literal("force"), Type.Literal("readOnly")], {
      default: "cached",
    }),
    /** At most this many jobs per call (`null`: one per item group of minItemsPerJob). */
    maxJobs: Type.Union([Type.Null(), Type.Integer({ minimum: 1 })], { default: 128 }),
    /** At least this many items per job. */
    minItemsPerJob: Type.Integer({ minimum: 1, default: 1 }),
    /** Refuse a call for exactly one item that is missing (catches item-by-item calls where everything should be precomputed). */
    forbidSingleItemComputation: Type.Boolean({ default: false }),
    /** Show progress (a bar on a terminal, periodic lines otherwise) for maps that last over a second. */
    progress: Type.Boolean({ default: true }),
  },
  {
    excludeFromUid: NON_UID,
    inheritFieldDefault: true,
    onParent: (infra, owner, key) => setOwner(infra, owner, key),
  },
) {
  /** Decorates a method taking one array of items and yielding (or returning) one result per item. */
  static override apply<This extends object, Item, Out>(
    options: MapApplyOptions<This, Item>,
  ): (
    method: MapMethod<This, Item, Out>,
    context: ClassMethodDecoratorContext<This, MapMethod<This, Item, Out>>,
  ) => MapMethod<This, Item, Out> {
    const site = definitionSite();
    return (method, context) => {
      checkStandardDecorator("@MapInfra.apply()", context, method);
      if (context.static || context.private)
        throw new TypeError("@MapInfra.apply() decorates public instance methods");
      return wrapMapMethod(
        method as unknown as InfraMethod["original"],
        String(context.name),
        options as MapApplyOptions<unknown, unknown>,
        site,
      ) as MapMethod<This, Item, Out>;
    };
  }

  /** The decorator-free form: `MapInfra.applyTo(MyMap, "process", { itemUid })`. */
  static applyTo<C extends abstract new (...args: never[]) => object, Item>(
    cls: C,
    method: MapMethodName<InstanceType<C>>,
    options: MapApplyOptions<InstanceType<C>, Item>,
  ): void {
    replaceMethod(cls, method, (original) =>
      wrapMapMethod(original, method, options as MapApplyOptions<unknown, unknown>, definitionSite()),
    );
  }

  #context(): InfraContext {
    const { owner, key } = ownerOf(this);
    return new InfraContext(owner, key, methodFor(owner, key, "map"));
  }

  /** `<Class>.<method>,<version>/<uid>`. */
  uid(): string {
    return this.#context().uid();
  }

  /** The folder of this map's cache (the CacheDict of results and the YAML files). */
  uidFolder(): string {
    return this.#context().uidFolder();
  }

  /** The keys of every cached item, as item uids. */
  async *iterCached(): AsyncGenerator<string> {
    const context = this.#context();
    const options = context.method.options as MapApplyOptions<unknown, unknown>;
    const store = storeOf(
      context,
      mapStateOf(context.owner, context.infra.mode as "cached"),
      options.cacheType,
    );
    if (store === null) return;
    await store.refresh();
    yield* store.keys();
  }
}

function wrapMapMethod(
  original: InfraMethod["original"],
  name: string,
  options: MapApplyOptions<unknown, unknown>,
  site: string | undefined,
): Function {
  if (typeof options?.itemUid !== "function")
    throw new TypeError(`@MapInfra.apply() on ${name} needs { itemUid: (item) => string }`);
  const maxLength = options.itemUidMaxLength ?? 256;
  if (maxLength < MIN_ITEM_UID_LENGTH)
    throw new RangeError(`itemUidMaxLength must be at least ${MIN_ITEM_UID_LENGTH}, got ${maxLength}`);
  const info: InfraMethod = { kind: "map", name, original, options, site };
  const wrapper = function (this: object, ...args: unknown[]): MapResult<unknown> {
    if (args.length !== 1)
      throw new TypeError(`${name}() takes exactly one argument (the items), got ${args.length}`);
    const given = args[0];
    if (given === null || typeof given !== "object" || !(Symbol.iterator in given)) {
      throw new TypeError(`${name}() takes an array (or iterable) of items`);
    }
    const items = Array.isArray(given) ? given : [...(given as Iterable<unknown>)];
    const keys = items.map((item, i) => {
      const key = options.itemUid(item);
      if (typeof key !== "string")
        throw new TypeError(`itemUid must return a string, got ${typeof key} for item ${i}`);
      return shortenItemUid(key, maxLength);
    });
    // the items are read when computing, later: a copy of the caller's array, which it may change meanwhile
    const { distinct, distinctItems, order, positions } = dedupe(
      keys,
      items === given ? items.slice() : items,
    );
    const key = infraKeyOf(this, info, MapInfra);
    const context = new InfraContext(this, key, info);
    const state = mapStateOf(this, context.infra.mode as "cached");
    const board = new ResultBoard(distinct, positions);
    const done = runMap({
      context,
      state,
      items: distinctItems,
      board,
      cacheType: options.cacheType,
    });
    done.then(
      () => board.finish(),
      (error: unknown) => board.finish(error),
    );
    const poll = async (position: number): Promise<void> => {
      const store = state.store;
      if (store === undefined || store === null || board.hasAt(position)) return;
      const wanted = distinct[position]!;
      if (store.has(wanted)) board.setAt(position, await store.get(wanted));
    };
    log.debug(`${name}: ${items.length} items, ${distinct.length} distinct`);
    return mapResult(order, board, done, poll);
  };
  markMethod(wrapper, info);
  return wrapper;
}

/** A call's distinct keys (first-seen order) and their items; `order` maps each input to its key's position. */
interface Deduped {
  distinct: string[];
  distinctItems: unknown[];
  order: Int32Array | undefined;
  /** Key → position, when built here (no key repeats). */
  positions: KeyPositions | undefined;
}

/**
 * Finds repeated keys with one insert per item (see {@link keyPositions}); without repeats (the
 * usual case), the keys and items are used as they are.
 */
function dedupe(keys: string[], items: unknown[]): Deduped {
  const first = keyPositions(keys);
  if (!first.repeats) return { distinct: keys, distinctItems: items, order: undefined, positions: first };
  const distinct: string[] = [];
  const distinctItems: unknown[] = [];
  const order = new Int32Array(keys.length);
  keys.forEach((key, i) => {
    const at = first.get(key);
    if (at === i) {
      order[i] = distinct.length;
      distinct.push(key);
      distinctItems.push(items[i]);
    } else order[i] = order[at]!;
  });
  return { distinct, distinctItems, order, positions: undefined };
}

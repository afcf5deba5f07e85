import type { InfraContext } from "@exca/infra";
import { CacheDict, type CacheType } from "@exca/storage";

/** What a map remembers per object: its store, its effective mode, whether its folder was checked. */
export interface MapState {
  mode: "cached" | "force" | "readOnly";
  store?: CacheDict | null;
  configsChecked?: boolean;
}

const states = new WeakMap<object, MapState>();

/** The map state of an object (created on first use). */
export function mapStateOf(owner: object, mode: MapState["mode"]): MapState {
  let state = states.get(owner);
  if (state === undefined) {
    state = { mode };
    states.set(owner, state);
  }
  return state;
}

/**
 * The store of an object's map results: the uid folder (plus RAM with keepInRam), RAM only without a
 * folder, or null (no cache at all) without a folder nor keepInRam.
 */
export function storeOf(
  context: InfraContext,
  state: MapState,
  cacheType: CacheType | undefined,
): CacheDict | null {
  if (state.store !== undefined) return state.store;
  const { folder, keepInRam, permissions } = context.infra;
  if (folder === undefined && !keepInRam) state.store = null;
  else {
    state.store = new CacheDict({
      folder: folder === undefined ? undefined : context.uidFolder(),
      keepInRam,
      cacheType,
      permissions,
      refreshIntervalMs: 100,
    });
  }
  return state.store;
}

export type { MemoizeControls, Memoized, MemoizeOptions } from "./memoize.js";
export { memoize } from "./memoize.js";

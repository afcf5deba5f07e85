export type { MapResult } from "./call.js";
export { runMapJob } from "./handler.js";
export type { MapApplyOptions, MapMethod, MapMethodName } from "./infra.js";
export { MapInfra } from "./infra.js";
export { shortenItemUid } from "./item-uid.js";

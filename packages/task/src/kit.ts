// The building blocks of an infra, for sibling packages (MapInfra) and third-party infras.
// @experimental: this surface may change between minor versions.
export type { ApplyOptions, InfraMethod } from "./binding.js";
export {
  checkStandardDecorator,
  infraKeyOf,
  markMethod,
  methodFor,
  methodId,
  ownerOf,
  replaceMethod,
  setOwner,
} from "./binding.js";
export type { ConfigViews } from "./config-files.js";
export { checkConfigFiles, UID_FOLDER_ENTRIES, uidYaml } from "./config-files.js";
export type { InfraValues, TaskState } from "./context.js";
export { issue, TaskContext as InfraContext } from "./context.js";
export { assertInsideCache, makeFolder, readText, removeTree, writeAtomic, writeFailure } from "./files.js";
export { locateTarget, registerTargetFinder } from "./locate.js";
export { infraJobSpec } from "./spec.js";
export { prepareWorkdir, useWorkdir } from "./workdir.js";

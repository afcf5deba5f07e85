// @exca/test-utils: what the packages' tests share (private: never bundled nor published).
export { countLines, linesOf, numbersOf } from "./counts.js";
export {
  type DriverRun,
  driverReport,
  killAndWait,
  lastJson,
  type RunNodeOptions,
  runNode,
  startNode,
} from "./driver.js";
export { type TempFolders, tempFolders } from "./temp.js";
export { sleep, until } from "./wait.js";

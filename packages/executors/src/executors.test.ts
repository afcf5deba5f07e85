import { executorConformance } from "./conformance.js";
import { inProcessExecutor } from "./in-process.js";
import { processExecutor } from "./process.js";

executorConformance("local", () => inProcessExecutor("local", false), {
  capturesLogs: false,
  cancelsRunning: false,
  enforcesTimeout: false,
});
executorConformance("debug", () => inProcessExecutor("debug", true), {
  capturesLogs: false,
  cancelsRunning: false,
  enforcesTimeout: false,
  lazy: true,
});
executorConformance("process", () => processExecutor({ maxConcurrent: 2 }), {
  capturesLogs: true,
  cancelsRunning: true,
  enforcesTimeout: true,
});

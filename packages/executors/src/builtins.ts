import { inProcessExecutor } from "./in-process.js";
import { processExecutor } from "./process.js";
import { registerExecutor } from "./registry.js";

registerExecutor("local", () => inProcessExecutor("local", false));
registerExecutor("debug", () => inProcessExecutor("debug", true));
registerExecutor("process", (options) => processExecutor(options));

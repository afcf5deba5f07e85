import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { executorConformance } from "./conformance.js";
import { inProcessExecutor } from "./in-process.js";
import { processExecutor } from "./process.js";
import { isEnded, type JobState } from "./types.js";

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

describe("isEnded", () => {
  it("is true for the states a job ends in, and only those", () => {
    const states: JobState[] = ["pending", "running", "completed", "failed", "cancelled", "timeout"];
    assert.deepEqual(
      states.filter((state) => isEnded(state)),
      ["completed", "failed", "cancelled", "timeout"],
    );
  });
});

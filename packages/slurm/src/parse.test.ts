import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { baseId, expandIds, parseSacct, parseSqueue } from "./parse.js";
import { isFinal, jobState, NOT_FOUND, outcomeOf } from "./states.js";

describe("reading sacct and squeue", () => {
  it("parses sacct rows, with cancellations by a user and ranges of pending array tasks", () => {
    const rows = parseSacct(
      "7|COMPLETED|0:0\n8|CANCELLED by 1000|0:15\n9_0|FAILED|3:0\n9_[1-2%1]|PENDING|0:0\n\n",
    );
    assert.deepEqual(Object.fromEntries(rows), {
      "7": { state: "COMPLETED", exitCode: "0:0" },
      "8": { state: "CANCELLED", exitCode: "0:15", detail: "CANCELLED by 1000" },
      "9_0": { state: "FAILED", exitCode: "3:0" },
      "9_1": { state: "PENDING", exitCode: "0:0" },
      "9_2": { state: "PENDING", exitCode: "0:0" },
    });
  });

  it("parses squeue rows, whose exit code is a wait status", () => {
    const rows = parseSqueue("4_1|FAILED|512|\n5|CANCELLED|9|\n6|RUNNING|0|\n");
    assert.deepEqual(Object.fromEntries(rows), {
      "4_1": { state: "FAILED", exitCode: "2:0" },
      "5": { state: "CANCELLED", exitCode: "0:9" },
      "6": { state: "RUNNING", exitCode: "0:0" },
    });
  });

  it("expands array task ranges and finds the array id of a task", () => {
    assert.deepEqual(expandIds("12_[3,5-7%2]"), ["12_3", "12_5", "12_6", "12_7"]);
    assert.deepEqual(expandIds("12_4"), ["12_4"]);
    assert.equal(baseId("12_4"), "12");
    assert.equal(baseId("13"), "13");
  });
});

describe("Slurm states", () => {
  it("maps every Slurm state to an executor state", () => {
    const expected: Record<string, string> = {
      PENDING: "pending",
      REQUEUED: "pending",
      RUNNING: "running",
      COMPLETING: "running",
      SUSPENDED: "running",
      COMPLETED: "completed",
      FAILED: "failed",
      NODE_FAIL: "failed",
      OUT_OF_MEMORY: "failed",
      BOOT_FAIL: "failed",
      DEADLINE: "failed",
      PREEMPTED: "failed",
      CANCELLED: "cancelled",
      TIMEOUT: "timeout",
      [NOT_FOUND]: "failed",
      SOMETHING_NEW: "pending",
    };
    for (const [state, mapped] of Object.entries(expected)) assert.equal(jobState({ state }), mapped, state);
    assert.equal(isFinal({ state: "RUNNING" }), false);
    assert.equal(isFinal({ state: "TIMEOUT" }), true);
  });

  it("explains how a job ended", () => {
    const said = (state: string, exitCode?: string, detail?: string) =>
      outcomeOf("5_1", { state, ...(exitCode ? { exitCode } : {}), ...(detail ? { detail } : {}) }, 2);
    assert.deepEqual(said("COMPLETED", "0:0"), { state: "completed" });
    assert.equal(said("FAILED", "1:0").message, "Slurm job 5_1 ended FAILED with exit code 1");
    assert.equal(said("FAILED", "0:9").message, "Slurm job 5_1 ended FAILED on signal 9");
    assert.equal(
      said("CANCELLED", "0:15", "CANCELLED by 0").message,
      "Slurm job 5_1 was cancelled (CANCELLED by 0)",
    );
    assert.deepEqual(said("TIMEOUT", "0:0"), {
      state: "timeout",
      message: "Slurm job 5_1 reached its time limit of 2 min (TIMEOUT)",
    });
    assert.deepEqual(said("FAILED", "124:0"), {
      state: "timeout",
      message: "Slurm job 5_1 ran past timeoutMin=2 and was stopped (TIMEOUT)",
    });
    assert.equal(
      outcomeOf("6", { state: "FAILED", exitCode: "124:0" }).state,
      "failed",
      "no timeoutMin: a plain exit code",
    );
    assert.equal(said("OUT_OF_MEMORY", "0:125").message, "Slurm job 5_1 ran out of memory (OUT_OF_MEMORY)");
    assert.equal(said("NODE_FAIL").message, "Slurm job 5_1 failed because its node failed (NODE_FAIL)");
    assert.match(said(NOT_FOUND).message ?? "", /Slurm has no record of job 5_1/);
  });
});

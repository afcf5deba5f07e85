import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SlurmCli, SlurmCommand } from "./cli.js";
import { StateReader } from "./reader.js";
import { isFinal, NOT_FOUND } from "./states.js";

/** A SlurmCli whose sacct and squeue print the given text; records the `--jobs` each was asked about. */
function fakeCli(output: Partial<Record<SlurmCommand, string>>): { cli: SlurmCli; asked: string[] } {
  const asked: string[] = [];
  const cli = {
    run: async (command: SlurmCommand, args: readonly string[]) => {
      asked.push(`${command} ${args.find((arg) => arg.startsWith("--jobs="))}`);
      return output[command] ?? "";
    },
  } as unknown as SlurmCli;
  return { cli, asked };
}

const jobs = (...ids: string[]) => ids.map((id) => ({ id, since: Date.now() }));

describe("state reader", () => {
  it("asks squeue whether a job whose node failed was requeued (sacct shows NODE_FAIL for a while)", async () => {
    const { cli, asked } = fakeCli({
      sacct: "5|NODE_FAIL|0:0\n6|NODE_FAIL|0:0\n7|NODE_FAIL|0:0\n8|COMPLETED|0:0\n9|REQUEUED|0:0\n",
      // 5 was requeued, 6 was not (--no-requeue), squeue forgot 7 (past MinJobAge).
      squeue: "5|PENDING|0|\n6|NODE_FAIL|0|\n",
    });
    const statuses = await new StateReader(cli, "auto", 5000).read(jobs("5", "6", "7", "8", "9"));
    assert.deepEqual(Object.fromEntries(statuses), {
      "5": { state: "PENDING", exitCode: "0:0" },
      "6": { state: "NODE_FAIL", exitCode: "0:0" },
      "7": { state: "NODE_FAIL", exitCode: "0:0" },
      "8": { state: "COMPLETED", exitCode: "0:0" },
      "9": { state: "REQUEUED", exitCode: "0:0" },
    });
    assert.deepEqual(asked, ["sacct --jobs=5,6,7,8,9", "squeue --jobs=5,6,7"], "squeue only for NODE_FAIL");
    assert.equal(isFinal(statuses.get("5")!), false);
    assert.equal(isFinal(statuses.get("9")!), false, "REQUEUED is not an end");
    assert.equal(isFinal(statuses.get("6")!), true);
  });

  it("does the same for preempted jobs, and array tasks", async () => {
    const { cli, asked } = fakeCli({
      sacct: "4_0|PREEMPTED|0:15\n4_1|NODE_FAIL|0:0\n4_2|RUNNING|0:0\n",
      squeue: "4_0|PENDING|0|\n4_1|PENDING|0|\n4_2|RUNNING|0|\n",
    });
    const statuses = await new StateReader(cli, "auto", 5000).read(jobs("4_0", "4_1", "4_2"));
    assert.deepEqual(
      [...statuses.values()].map((status) => status.state),
      ["PENDING", "PENDING", "RUNNING"],
    );
    assert.deepEqual(asked, ["sacct --jobs=4", "squeue --jobs=4"]);
  });

  it("counts a job neither sacct nor squeue knows past the grace period as not found", async () => {
    const { cli } = fakeCli({ sacct: "", squeue: "" });
    const reader = new StateReader(cli, "auto", 0);
    assert.deepEqual(Object.fromEntries(await reader.read(jobs("3"))), { "3": { state: NOT_FOUND } });
  });
});

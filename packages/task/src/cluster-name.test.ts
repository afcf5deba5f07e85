import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Config, Type } from "@exca/config";
import { tempFolders } from "@exca/test-utils";
import { TaskInfra } from "./index.js";

// A name declared to the compiler (as an executor package does) but registered by nobody in this process.
declare module "@exca/executors" {
  interface ExcaClusters {
    "declared-only": true;
  }
}

const { folder } = tempFolders("task-cluster");

class Plain extends Config({ n: Type.Integer({ default: 1 }), infra: TaskInfra.field({}, "process") }) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.n;
  }
}

describe("cluster names", () => {
  it("a declared name that no package registered fails at run time, naming the registered ones and the fix", async () => {
    const task = new Plain({ infra: { folder: folder(), cluster: "declared-only" } });
    await assert.rejects(
      task.process(),
      /unknown cluster "declared-only" \(registered: local, debug, process\); import the package that registers it/,
    );
    assert.equal(await new Plain({ infra: { folder: folder(), cluster: "local" } }).process(), 1);
  });
});

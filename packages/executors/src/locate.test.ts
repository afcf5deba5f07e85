import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { importRef, LocateError, locateExport } from "./locate.js";
import { Exported, makeInner, site } from "./test-fixtures/located.js";

const fixture = fileURLToPath(new URL("./test-fixtures/located.js", import.meta.url));

describe("locating a class for another process", () => {
  it("names the module that defines it", () => {
    assert.equal(site, fixture);
  });

  it("finds an exported class and imports it back", async () => {
    const ref = await locateExport(Exported, site, "Exported");
    assert.equal(ref.exportName, "Exported");
    assert.equal(await importRef(ref), Exported);
  });

  it("explains how to fix a class that is not exported, or defined in a function or a REPL", async () => {
    await assert.rejects(locateExport(makeInner(), site, "Inner"), (error: unknown) => {
      assert.ok(error instanceof LocateError);
      assert.match(error.message, /Inner is not exported from .*located\.js.*export class/);
      return true;
    });
    await assert.rejects(locateExport(Exported, undefined, "Exported"), /defined in a REPL or eval/);
    await assert.rejects(
      importRef({
        moduleUrl: new URL("./test-fixtures/located.js", import.meta.url).href,
        exportName: "Gone",
      }),
      /no export "Gone"/,
    );
  });
});

import assert from "node:assert/strict";
import { appendFileSync, closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { checkedValues, rememberChecked } from "./checked-values.js";
import { tempRoot } from "./test-fixtures/tmp.js";

const root = tempRoot("checked-values");
after(() => root.remove());

function checkedOf(path: string): Map<number, number> | undefined {
  const fd = openSync(path, "r");
  try {
    return checkedValues(path, fd);
  } finally {
    closeSync(fd);
  }
}

describe("checkedValues", () => {
  it("remembers checks only for a file quiet for a second, and forgets them when it changes", async () => {
    const path = join(root.path, "x.data");
    writeFileSync(path, "some bytes");
    assert.equal(checkedOf(path), undefined, "just written: not remembered");
    await sleep(1100);
    const checked = checkedOf(path)!;
    rememberChecked(checked, 0, 1234);
    assert.equal(checkedOf(path), checked);
    assert.equal(checked.get(0), 1234);
    appendFileSync(path, "more");
    assert.equal(checkedOf(path), undefined, "changed: forgotten, and too recent to remember");
  });
});

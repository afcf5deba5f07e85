// Every TypeScript block of docs/*.md runs here (under tsx, in a fresh folder), so the docs cannot
// drift from the code.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const DOCS = fileURLToPath(new URL("../../../docs/", import.meta.url));
const APP = fileURLToPath(new URL("..", import.meta.url));
const RUN = join(APP, ".docs-run");
/** tsx's loader, resolved from this app (the blocks run from temporary folders). */
const TSX = import.meta.resolve("tsx");

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

function runTs(file: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", TSX, file], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` });
    });
  });
}

mkdirSync(RUN, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "exca-docs-"));
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(RUN, { recursive: true, force: true });
});

const pages = readdirSync(DOCS).filter((name) => name.endsWith(".md"));
describe("docs code blocks", { timeout: 120_000 }, () => {
  it("has pages with TypeScript blocks", () => {
    assert.ok(pages.length >= 3);
    assert.ok(
      pages.map((page) => blocks(readFileSync(join(DOCS, page), "utf8")).length).reduce((a, b) => a + b) >=
        10,
    );
  });
  for (const page of pages) {
    blocks(readFileSync(join(DOCS, page), "utf8")).forEach((code, i) => {
      it(`${page} block ${i + 1} runs`, async () => {
        const file = join(RUN, `${page.replace(/\.md$/, "")}-${i + 1}.ts`);
        writeFileSync(file, code);
        const cwd = join(work, `${page}-${i + 1}`);
        mkdirSync(cwd);
        const { code: exit, output } = await runTs(file, cwd);
        assert.equal(exit, 0, `${page} block ${i + 1} failed:\n${output}`);
      });
    });
  }
});

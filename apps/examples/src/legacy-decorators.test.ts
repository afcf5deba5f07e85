// A project compiled with "experimentalDecorators": true (NestJS, TypeORM, Angular, MobX) calls decorators
// the legacy way: exca must refuse at class definition, naming the fix, rather than silently not cache.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const APP = fileURLToPath(new URL("..", import.meta.url));
const TSC = fileURLToPath(new URL("../../../node_modules/.bin/tsc", import.meta.url));
// Inside the app, so that `exca` resolves as it does for the app's own modules.
const dir = mkdtempSync(join(APP, ".legacy-run-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const sources = {
  "task.ts": `import { Config, TaskInfra, Type } from "exca";
export class LegacyTask extends Config({ n: Type.Integer({ default: 1 }), infra: TaskInfra.field({}) }) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.n;
  }
}
console.log(await new LegacyTask({}).process());
`,
  "map.ts": `import { Config, MapInfra, Type } from "exca";
export class LegacyMap extends Config({ n: Type.Integer({ default: 1 }), infra: MapInfra.field({}) }) {
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  async *process(items: number[]): AsyncGenerator<number> {
    for (const item of items) yield item * this.n;
  }
}
console.log(await new LegacyMap({}).process([1]));
`,
};

describe("experimentalDecorators", () => {
  it("a legacy decorator call throws at class definition, naming the fix (issue 12.8)", async () => {
    for (const [name, source] of Object.entries(sources)) writeFileSync(join(dir, name), source);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "node20",
          moduleResolution: "node16",
          experimentalDecorators: true,
          strict: true,
          skipLibCheck: true,
          types: [],
          outDir: "out",
        },
        files: Object.keys(sources),
      }),
    );
    // tsc reports the decorator's type mismatch but emits the code, as builds without type checks do.
    await promisify(execFile)(TSC, ["-p", join(dir, "tsconfig.json")]).catch(() => undefined);
    for (const [name, label] of [
      ["task.js", "@TaskInfra.apply\\(\\) on LegacyTask\\.process"],
      ["map.js", "@MapInfra.apply\\(\\) on LegacyMap\\.process"],
    ] as const) {
      const failure = await promisify(execFile)(process.execPath, [join(dir, "out", name)]).then(
        () => undefined,
        (error: { stderr: string }) => error.stderr,
      );
      assert.ok(failure !== undefined, `${name} must fail, not run undecorated`);
      assert.match(
        failure,
        new RegExp(`${label} was called as a legacy decorator \\("experimentalDecorators": true`),
      );
      assert.match(
        failure,
        /Remove "experimentalDecorators"|\.applyTo\(Legacy(Task|Map), "process", options\)/,
      );
    }
  });
});

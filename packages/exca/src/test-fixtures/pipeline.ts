import { Config, MapInfra, TaskInfra, Type, withInfra } from "../index.js";

export class Train extends Config({
  lr: Type.Number({ default: 0.1 }),
  sleepMs: Type.Integer({ default: 0 }),
  fail: Type.Boolean({ default: false }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, this.sleepMs));
    if (this.fail) throw new TypeError(`diverged at lr=${this.lr}`);
    return this.lr * 10;
  }
}

export class Embed extends Config({
  dim: Type.Integer({ default: 4 }),
  infra: MapInfra.field({ version: "1" }),
}) {
  @MapInfra.apply({ itemUid: (word: string) => word })
  *process(words: string[]): Generator<Float32Array> {
    for (const word of words) yield new Float32Array(this.dim).fill(word.length);
  }
}

/** A plain function made a cached task; exported so that worker processes can import it. */
export const square = withInfra(async function square(p: { x: number; nonce?: string }) {
  return { square: p.x * p.x, pid: process.pid };
});

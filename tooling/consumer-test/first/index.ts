// A consumer package that depends on `exca` alone, written like the tutorial: nested configs, a tagged
// union, a task and a map. consumer.test.mjs compiles it with `declaration: true` and reads its .d.ts.
import { Config, MapInfra, type MapResult, OneOf, TaskInfra, Type } from "exca";

export class Tokenizer extends Config({
  vocab: Type.Integer({ default: 100 }),
  lower: Type.Boolean({ default: true }),
}) {}

export class Embedder extends Config({ dim: Type.Integer({ default: 4 }), tokenizer: Tokenizer }) {}

export class Adam extends Config({ kind: Type.Literal("adam"), lr: Type.Number({ default: 1e-3 }) }) {}
export class Sgd extends Config({ kind: Type.Literal("sgd"), momentum: Type.Number({ default: 0.9 }) }) {}

/** A task: one cached computation of its config. */
export class Train extends Config({
  embedder: Embedder,
  optimizer: OneOf([Adam, Sgd], "kind"),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<number> {
    return this.embedder.dim * this.embedder.tokenizer.vocab;
  }
}

/** A map: one cached vector per word. */
export class Embed extends Config({ embedder: Embedder, infra: MapInfra.field({ version: "1" }) }) {
  process(words: string[]): MapResult<Float64Array>;
  @MapInfra.apply({ itemUid: (word: string) => word })
  async *process(words: string[]): AsyncIterable<Float64Array> {
    for (const word of words) yield new Float64Array(this.embedder.dim).fill(word.length);
  }
}

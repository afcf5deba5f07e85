// A map call: awaited, every result in input order (`Y[]`); streamed with `for await`, each `Y`. The line
// above the decorated generator declares what a call returns; the compiler checks it against the generator.
import { Config, MapInfra, type MapResult, Type } from "exca";

/** True when A and B are the same type (not merely assignable): no contextual inference can fake it. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

class Embed extends Config({
  dim: Type.Integer({ default: 4 }),
  device: Type.String({ default: "cpu" }),
  infra: MapInfra.field({ version: "1" }),
}) {
  process(texts: string[]): MapResult<Float32Array>;
  @MapInfra.apply({ itemUid: (text: string) => text, excludeFromCacheUid: ["device"] })
  async *process(texts: string[]): AsyncIterable<Float32Array> {
    for (const text of texts) yield new Float32Array(this.dim).fill(text.length);
  }
}

const mapper = new Embed({ infra: { folder: "cache" } });
const all = await mapper.process(["a", "bb"]);
const allExact: Equal<typeof all, Float32Array[]> = true;
for await (const one of mapper.process(["a"])) {
  const oneExact: Equal<typeof one, Float32Array> = true;
  void oneExact;
}
// @ts-expect-error items are strings
mapper.process([1, 2]);
// @ts-expect-error the results are Float32Array, not strings
const wrong: string[] = await mapper.process(["a"]);

class Lying extends Config({ infra: MapInfra.field({ version: "1" }) }) {
  // @ts-expect-error what a call returns must match what the generator yields
  process(items: number[]): MapResult<string>;
  @MapInfra.apply({ itemUid: (item: number) => String(item) })
  async *process(items: number[]): AsyncIterable<number> {
    yield* items;
  }
}

class Typo extends Config({ dim: Type.Integer({ default: 4 }), infra: MapInfra.field({ version: "1" }) }) {
  process(items: number[]): MapResult<number>;
  // @ts-expect-error excludeFromCacheUid names fields of the decorated class
  @MapInfra.apply({ itemUid: (item: number) => String(item), excludeFromCacheUid: ["dims"] })
  async *process(items: number[]): AsyncIterable<number> {
    yield* items;
  }
}

// iterCached lists the item uids of the cached results
for await (const key of mapper.infra.iterCached()) {
  const keyExact: Equal<typeof key, string> = true;
  void keyExact;
}

// exported so that every checked value counts as used
export { allExact, Lying, Typo, wrong };

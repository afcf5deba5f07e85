// uid completeness: configs that differ in any uid-relevant value get different uids, equal ones equal
// uids (property tests against an equivalence written independently of uid.ts), and a few vectors whose
// uid is computed here from a canonical string written by hand and hashed with node:crypto.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Config, OneOf, Type, toConfig, uid } from "./index.js";

const md5 = (data: string | Uint8Array): string => createHash("md5").update(data).digest("hex");

/**
 * When two plain values must share a uid: same keys (a key holding undefined counts as absent, order
 * ignored), same list order, numbers and bigints equal as mathematical integers (so -0 is 0), typed
 * arrays of one type with the same bytes in their views.
 */
function equivalent(a: unknown, b: unknown): boolean {
  const integer = (value: unknown): bigint | undefined =>
    typeof value === "bigint" ? value : Number.isInteger(value) ? BigInt(value as number) : undefined;
  const ia = integer(a);
  const ib = integer(b);
  if (ia !== undefined || ib !== undefined) return ia === ib;
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equivalent(item, b[i]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const defined = (record: object): string[] =>
      Object.keys(record).filter((key) => (record as Record<string, unknown>)[key] !== undefined);
    const keysA = defined(a).sort();
    const keysB = defined(b).sort();
    if (keysA.join("\0") !== keysB.join("\0") || keysA.length !== keysB.length) return false;
    return keysA.every((key) =>
      equivalent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    );
  }
  return a === b;
}

// A small domain, so that equal values come up often next to values that differ in one detail.
const key = fc.constantFrom("a", "b", "é", "e\u0301", "日本", "a.b", "a b", "", "🙂");
/** What a config may hold (plain JSON data). */
const jsonScalar = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, -0.5, 1.001, 1.002, 2 ** 53, 2 ** 53 + 2, 1e21, 1e21 + 2 ** 18),
  fc.constantFrom("", "x", "x-y", "x/y", "é", "e\u0301", "1", "null", true, false, null),
);
const scalar = fc.oneof(
  jsonScalar,
  fc.constantFrom(1n, 0n, 2n ** 53n + 1n, 2n ** 64n, -(2n ** 64n), undefined),
);
const buffer = Uint8Array.from([1, 2, 3, 1, 2, 3, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 1, 2, 3, 9, 9]);
/** Views with offsets into one shared buffer: equal bytes at different offsets, different bytes alike. */
const view = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }))
    .map(([start, length]) => buffer.subarray(start, start + length)),
  fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }))
    .map(([start, length]) => new Float64Array(buffer.buffer, 8 * start, length)),
  fc.integer({ min: 0, max: 3 }).map((start) => new Int8Array(buffer.buffer, start, 3)),
);
/** Trees of `leaves` in arrays and records keyed by {@link key}. */
const tree = (leaves: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaves,
      fc.array(tie("node"), { maxLength: 3 }),
      fc.dictionary(key, tie("node"), { maxKeys: 3 }),
    ),
  })).node;
const value = tree(fc.oneof(scalar, view));
const json = tree(jsonScalar);
/** A value and a copy with its keys in another order and integers spelled as bigints. */
const reordered = (input: unknown): unknown => {
  if (typeof input === "number" && Number.isSafeInteger(input)) return BigInt(input);
  if (Array.isArray(input)) return input.map(reordered);
  if (typeof input === "object" && input !== null && !ArrayBuffer.isView(input))
    return Object.fromEntries(
      Object.entries(input)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  return input;
};

const RUNS = 3000;

describe("uid completeness (properties)", () => {
  it("gives equal uids exactly to equivalent plain values", () => {
    let equalPairs = 0;
    fc.assert(
      fc.property(value, value, (a, b) => {
        const same = equivalent(a, b);
        if (same) equalPairs++;
        assert.equal(uid({ v: a }) === uid({ v: b }), same);
      }),
      { numRuns: RUNS },
    );
    assert.ok(equalPairs > RUNS / 200, `only ${equalPairs} equivalent pairs: the domain is too wide`);
  });

  it("ignores key order and the spelling of integers", () => {
    fc.assert(
      fc.property(value, (a) => assert.equal(uid({ v: reordered(a) }), uid({ v: a }))),
      { numRuns: RUNS },
    );
  });

  it("tells apart two subarrays of one buffer, and matches equal bytes at other offsets", () => {
    const shared = new Uint8Array(64).map((_, i) => (i * 37) % 11);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        (s1, s2, length) => {
          const a = shared.subarray(s1, s1 + length);
          const b = shared.subarray(s2, s2 + length);
          assert.equal(uid(a) === uid(b), Buffer.from(a).equals(Buffer.from(b)));
          assert.equal(uid(a), uid(Uint8Array.from(a)), "a view hashes as a copy of its bytes");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("tells apart integers beyond 2**53 exactly, and equates a bigint with the same number", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
        fc.integer({ min: 1, max: 3 }),
        (n, d) => {
          const asNumber = Number(n);
          assert.equal(uid({ n }) === uid({ n: asNumber }), BigInt(asNumber) === n);
          assert.notEqual(uid({ n }), uid({ n: n + BigInt(d) }));
        },
      ),
      { numRuns: 500 },
    );
    assert.equal(uid({ z: -0 }), uid({ z: 0 }), "-0 is the integer 0");
    assert.notEqual(uid({ z: -0.5 }), uid({ z: 0.5 }));
  });

  it("tells apart records whose unicode keys differ, even when the readable text is the same", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 4 }),
        fc.string({ unit: "grapheme", maxLength: 4 }),
        (k1, k2) => {
          assert.equal(uid({ [k1]: 1 }) === uid({ [k2]: 1 }), k1 === k2);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("keeps every extra field of an extra: 'allow' config in the uid", () => {
    class Open extends Config({ a: Type.Integer({ default: 1 }) }, { extra: "allow" }) {}
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("y", "é"), json, { maxKeys: 2 }), json, (extra, b) => {
        const one = new Open({ ...extra, x: b } as never);
        const two = new Open({ ...extra, x: 0 } as never);
        assert.equal(uid(one) === uid(two), equivalent(b, 0), "an extra field changed");
        assert.equal(uid(one), uid({ ...extra, x: b }));
      }),
      { numRuns: 500 },
    );
  });

  it("tells apart nested union members by tag and by value", () => {
    class Mult extends Config({
      kind: Type.Literal("mult", { default: "mult" }),
      c: Type.Number({ default: 1 }),
    }) {}
    class Add extends Config({
      kind: Type.Literal("add", { default: "add" }),
      c: Type.Number({ default: 1 }),
    }) {}
    class Maybe extends Config({ m: Type.Union([Mult.field(), Type.Null()], { default: null }) }) {}
    class Outer extends Config({ steps: Type.Array(OneOf([Mult, Add], "kind")), maybe: Maybe.field() }) {}
    const step = fc.record({ kind: fc.constantFrom("mult", "add"), c: fc.constantFrom(1, 2, -0, 0.5) });
    const maybe = fc.option(fc.record({ c: fc.constantFrom(1, 2, 3) }), { nil: null });
    const outer = fc.record({ steps: fc.array(step, { maxLength: 3 }), maybe });
    fc.assert(
      fc.property(outer, outer, (a, b) => {
        const same = equivalent(a, b);
        const ua = uid(new Outer({ steps: a.steps, maybe: { m: a.maybe } }));
        const ub = uid(new Outer({ steps: b.steps, maybe: { m: b.maybe } }));
        assert.equal(ua === ub, same, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("uid and export of configs inside record fields", () => {
  it("exports them with the caller's options, so that toConfig and the uid agree", () => {
    class Item extends Config(
      { x: Type.Integer({ default: 12 }), y: Type.Integer({ default: 1 }) },
      { excludeFromUid: ["y"] },
    ) {}
    class Named extends Config({ m: Type.Record(Type.String(), Item.field()) }) {}
    const named = new Named({ m: { a: { x: 13, y: 5 }, b: {} } });
    assert.deepEqual(toConfig(named, { excludeDefaults: true }), { m: { a: { x: 13, y: 5 }, b: {} } });
    assert.deepEqual(toConfig(named, { uid: true }), { m: { a: { x: 13 }, b: { x: 12 } } });
    assert.equal(uid(named), uid(toConfig(named, { uid: true, excludeDefaults: true })));
    assert.equal(
      uid(named),
      uid(new Named({ m: { a: { x: 13, y: 6 }, b: { y: 2 } } })),
      "y is not in the uid",
    );
  });
});

describe("uid of a config instance, walked field by field", () => {
  // uid.ts renders an instance from its class plan without building the uid export; this checks it
  // against the export itself (toConfig with uid and excludeDefaults), rendered as plain data.
  // tags with defaults: a OneOf keeps its tag in the uid even so
  class Leaf extends Config({
    kind: Type.Literal("leaf", { default: "leaf" }),
    v: Type.Number({ default: 0 }),
  }) {}
  class Other extends Config({ kind: Type.Literal("other"), s: Type.String({ default: "" }) }) {}
  class Inner extends Config({
    x: Type.Integer({ default: 12 }),
    l: Type.Array(Type.Number(), { default: [1.5] }),
  }) {}
  class Infra extends Config(
    { version: Type.String({ default: "1" }), folder: Type.Optional(Type.String()) },
    { excludeFromUid: ["folder"] },
  ) {}
  class Free extends Config({ a: Type.Integer({ default: 1 }) }, { extra: "allow" }) {}
  class Holder extends Config({
    n: Type.Integer({ default: 1 }),
    list: Type.Array(Leaf.field(), { default: [] }),
    records: Type.Record(Type.String(), Inner.field(), { default: { q: { x: 3 } } }),
    pick: OneOf([Leaf, Other], "kind"),
    picks: Type.Array(OneOf([Leaf, Other], "kind"), { default: [{ kind: "leaf" }] }),
    inner: Inner.field({ x: 13 }),
    plain: Inner.field(),
    maybe: Type.Union([Inner.field(), Type.Null()], { default: null }),
    free: Free.field(),
    any: Type.Optional(Type.Any()),
    infra: Infra.field(),
  }) {}
  const tagged = fc.oneof(
    fc.record({ kind: fc.constant("leaf"), v: fc.constantFrom(0, 1, 2.5) }, { requiredKeys: ["kind"] }),
    fc.record({ kind: fc.constant("other"), s: fc.constantFrom("", "a b") }, { requiredKeys: ["kind"] }),
  );
  const inner = fc.record(
    { x: fc.constantFrom(3, 12, 13), l: fc.constantFrom([1.5], [], [2]) },
    { requiredKeys: [] },
  );
  const holder = fc.record(
    {
      n: fc.constantFrom(0, 1, 2),
      list: fc.array(fc.record({ kind: fc.constant("leaf"), v: fc.constantFrom(0, -0, 0.5) }), {
        maxLength: 2,
      }),
      records: fc.dictionary(key, inner, { maxKeys: 2 }),
      pick: tagged,
      picks: fc.array(tagged, { maxLength: 2 }),
      inner,
      plain: inner,
      maybe: fc.option(inner, { nil: null }),
      free: fc.record({ a: fc.constantFrom(1, 2), b: json, c: json }, { requiredKeys: [] }),
      any: json,
      infra: fc.record({ version: fc.constantFrom("1", "2"), folder: fc.constantFrom("/a", "/b") }),
    },
    { requiredKeys: ["pick", "plain", "free", "infra"] },
  );

  it("equals the uid of its uid export, for random instances", () => {
    fc.assert(
      fc.property(holder, (input) => {
        const made = new Holder(input as never);
        assert.equal(uid(made), uid(toConfig(made, { uid: true, excludeDefaults: true })));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("uid against hand-written canonical forms", () => {
  /** The uid, computed here: readable text, `-`, 8 hex characters of the md5 of the canonical form. */
  const oracle = (text: string, canonical: string): string => `${text}-${md5(canonical).slice(0, 8)}`;

  it("hashes the canonical form of records, floats, big integers and -0", () => {
    assert.equal(uid({ param1: 13 }), oracle("param1=13", '{"param1":i13}'));
    // entries ordered by rendered length: "s=x" before "a=1.50"
    assert.equal(uid({ a: 1.5, s: "x" }), oracle("s=x,a=1.50", '{"s":"x","a":f1.5}'));
    assert.equal(uid({ n: 2 ** 60 }), oracle("n=1152921504606846976", '{"n":i1152921504606846976}'));
    assert.equal(uid({ z: -0 }), oracle("z=0", '{"z":i0}'));
    assert.equal(uid({ l: [1, null] }), oracle("l=(1,null)", '{"l":[i1,null]}'));
  });

  it("hashes only the bytes of a typed-array view, not its whole buffer", () => {
    const view = Uint8Array.from([1, 2, 3, 4]).subarray(1, 3);
    const data = md5(Uint8Array.from([2, 3])).slice(0, 8);
    assert.equal(uid(view), oracle(`data-2-${data}`, `aUint8Array:2:${data}`));
  });

  it("hashes the extra fields and unicode of an extra: 'allow' config", () => {
    class Open extends Config({ a: Type.Integer({ default: 1 }) }, { extra: "allow" }) {}
    // "é" is not readable text (dropped), but stays in the canonical form
    assert.equal(uid(new Open({ a: 2, zz: "é" } as never)), oracle("a=2,zz=", '{"a":i2,"zz":"é"}'));
    assert.equal(uid(new Open({ 日本: 1 } as never)), oracle("=1", '{"日本":i1}'));
  });
});

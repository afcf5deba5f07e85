import { measure, report } from "@exca/bench";
import { Config, Type, uid } from "./index.js";

class Leaf extends Config({
  a: Type.Integer(),
  b: Type.String({ default: "leaf" }),
  c: Type.Number({ default: 0.5 }),
}) {}

class Mid extends Config({
  leaf: Leaf,
  leaves: Type.Array(Leaf.field(), { default: [] }),
  weights: Type.Record(Type.String(), Type.Number(), { default: {} }),
  name: Type.String({ default: "mid" }),
}) {}

/** 15 fields, nested 3 levels, with a list and a record. */
class Model extends Config({
  lr: Type.Number({ default: 0.001 }),
  epochs: Type.Integer({ default: 10 }),
  batch: Type.Integer({ default: 32 }),
  seed: Type.Integer(),
  name: Type.String({ default: "model" }),
  dropout: Type.Number({ default: 0.1 }),
  shuffle: Type.Boolean({ default: true }),
  optimizer: Type.Union([Type.Literal("adam"), Type.Literal("sgd")], { default: "adam" }),
  layers: Type.Array(Type.Integer(), { default: [64, 64] }),
  labels: Type.Record(Type.String(), Type.String(), { default: {} }),
  device: Type.String({ default: "cpu" }),
  note: Type.Optional(Type.String()),
  mid: Mid,
  momentum: Type.Number({ default: 0.9 }),
  decay: Type.Number({ default: 0 }),
}) {}

const N = 10_000;
const inputs = Array.from({ length: N }, (_, i) => ({
  seed: i,
  lr: 0.001 * ((i % 7) + 1),
  layers: [64, i % 128, 32],
  labels: { split: `s${i % 3}`, run: `r${i}` },
  mid: {
    leaf: { a: i, c: i / 3 },
    leaves: [{ a: i + 1 }, { a: i + 2, b: "x" }],
    weights: { w1: i / 7, w2: 2 },
  },
}));

const results = [
  await measure(
    "config: construct + validate (15 fields, 3 levels)",
    N,
    () => {
      for (const input of inputs) new Model(input);
    },
    { target: { perItemUsAtMost: 10 } },
  ),
  await measure(
    "config: uid (15 fields, 3 levels)",
    N,
    (models) => {
      for (const model of models) uid(model);
    },
    { setup: () => inputs.map((input) => new Model(input)), target: { perItemUsAtMost: 20 } },
  ),
];
report(results);

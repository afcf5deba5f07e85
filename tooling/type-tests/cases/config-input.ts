// One table of constructor inputs for both directions: tsc checks that each `accepted` case compiles and
// each `refused` case does not (its `@ts-expect-error` probe), and config-input.test.mjs runs the same
// table: every accepted case builds, every refused one throws a ConfigError naming the field. So what
// TypeScript accepts the run time accepts, and the other way round, on the same lines.
import { Config, OneOf, TaskInfra, Type } from "exca";
import { TutorialMap, TutorialTask } from "../../../apps/examples/src/tutorial.js";

/** The error class of the same module instance that builds the cases (the test loads this file apart). */
export { ConfigError } from "exca";
export { TutorialMap, TutorialTask };

export class MyModel extends Config({ x: Type.Integer(), y: Type.String({ default: "blublu" }) }) {}
export class Parent extends Config({ data: MyModel }) {}
/** A nested config with a default input: may be left out. */
export class WithDefault extends Config({ data: MyModel.field({ x: 3 }) }) {}
/** Every field has a default: `new Point()` compiles. */
export class Point extends Config({ x: Type.Number({ default: 0 }), label: Type.String({ default: "p" }) }) {}
export class A extends Config({ kind: Type.Literal("a"), v: Type.Number({ default: 1 }) }) {}
export class B extends Config({ kind: Type.Literal("b"), w: Type.Number() }) {}
/** A tag with a default: still required inside a OneOf value (the tag picks the class). */
export class C extends Config({
  kind: Type.Literal("c", { default: "c" }),
  z: Type.Number({ default: 0 }),
}) {}
export class Exp extends Config({ model: OneOf([A, B, C], "kind") }) {}
export class ExpDefault extends Config({ model: OneOf([A, B], "kind", { default: { kind: "b", w: 2 } }) }) {}
export class Opt extends Config({ note: Type.Optional(Type.String()), n: Type.Integer({ default: 1 }) }) {}
export class List extends Config({ items: Type.Array(MyModel.field()) }) {}
export class Plain extends Config({
  opts: Type.Object({ k: Type.Number({ default: 1 }), r: Type.String() }),
  rows: Type.Array(Type.Object({ id: Type.Integer(), w: Type.Number({ default: 1 }) }), { default: [] }),
}) {}
/** Below a union the run time checks values as given: defaults of the union's objects are not filled. */
export class InUnion extends Config({
  u: Type.Union([Type.Object({ a: Type.Number({ default: 1 }) }), Type.Null()], { default: null }),
}) {}
export class Holders extends Config({
  maybe: Type.Union([MyModel.field(), Type.Null()], { default: null }),
  byName: Type.Record(Type.String(), MyModel.field(), { default: {} }),
}) {}
export class Loose extends Config({ x: Type.Integer() }, { extra: "allow" }) {}

// The tutorial's classes, imported from the examples app that runs them (docs/tutorial.md shows them).
export class Square extends Config({ x: Type.Integer(), infra: TaskInfra.field({ version: "1" }) }) {
  @TaskInfra.apply()
  async process(): Promise<{ square: number; pid: number }> {
    return { square: this.x * this.x, pid: process.pid };
  }
}

/** A case: a name and a thunk that builds a config. */
export interface Case {
  name: string;
  build: () => object;
}

/** Refused cases also name the field (a JSON pointer) that the run time's ConfigError must report. */
export interface RefusedCase extends Case {
  path: string;
}

export const accepted: Case[] = [
  { name: "required field given, default left out", build: () => new MyModel({ x: 12 }) },
  { name: "default overridden", build: () => new MyModel({ x: 1, y: "a" }) },
  { name: "all defaults, no argument", build: () => new Point() },
  { name: "all defaults, empty input", build: () => new Point({}) },
  { name: "nested input", build: () => new Parent({ data: { x: 1 } }) },
  { name: "nested instance", build: () => new Parent({ data: new MyModel({ x: 1 }) }) },
  { name: "nested config with a default, left out", build: () => new WithDefault() },
  { name: "nested config with a default, given", build: () => new WithDefault({ data: { x: 4 } }) },
  { name: "OneOf member input with its tag", build: () => new Exp({ model: { kind: "a" } }) },
  { name: "OneOf other member", build: () => new Exp({ model: { kind: "b", w: 2 } }) },
  { name: "OneOf member whose tag has a default, tag given", build: () => new Exp({ model: { kind: "c" } }) },
  { name: "OneOf member instance", build: () => new Exp({ model: new B({ kind: "b", w: 1 }) }) },
  { name: "OneOf with a default, left out", build: () => new ExpDefault() },
  { name: "Type.Optional left out", build: () => new Opt() },
  { name: "Type.Optional given", build: () => new Opt({ note: "n" }) },
  {
    name: "array of configs: inputs and instances",
    build: () => new List({ items: [{ x: 1 }, new MyModel({ x: 2 })] }),
  },
  { name: "empty array of configs", build: () => new List({ items: [] }) },
  { name: "plain object: defaults filled", build: () => new Plain({ opts: { r: "a" } }) },
  {
    name: "array of plain objects: defaults filled",
    build: () => new Plain({ opts: { r: "a" }, rows: [{ id: 1 }] }),
  },
  { name: "union: object given whole", build: () => new InUnion({ u: { a: 2 } }) },
  { name: "union with a config: input", build: () => new Holders({ maybe: { x: 1 } }) },
  {
    name: "record of configs: inputs",
    build: () => new Holders({ byName: { a: { x: 1 }, b: new MyModel({ x: 2 }) } }),
  },
  { name: 'extra: "allow" takes unknown keys', build: () => new Loose({ x: 1, anything: [1, 2] }) },
  { name: "tutorial task, no argument", build: () => new TutorialTask() },
  {
    name: "tutorial task with infra",
    build: () => new TutorialTask({ param: 1, infra: { folder: "cache" } }),
  },
  {
    name: "tutorial Square",
    build: () => new Square({ x: 7, infra: { folder: "cache", cluster: "process" } }),
  },
  {
    name: "tutorial map",
    build: () => new TutorialMap({ infra: { folder: "cache", cluster: "process", maxJobs: 2 } }),
  },
];

export const refused: RefusedCase[] = [
  {
    name: "required field left out",
    path: "/x",
    // @ts-expect-error x has no default
    build: () => new MyModel({}),
  },
  {
    name: "no argument while a field is required",
    path: "/x",
    // @ts-expect-error x has no default
    build: () => new MyModel(),
  },
  {
    name: "wrong type",
    path: "/x",
    // @ts-expect-error x is an integer
    build: () => new MyModel({ x: "1" }),
  },
  {
    name: "unknown field",
    path: "/nope",
    // @ts-expect-error MyModel has no field nope
    build: () => new MyModel({ x: 1, nope: 2 }),
  },
  {
    name: "nested config given bare is required",
    path: "/data",
    // @ts-expect-error data has no default
    build: () => new Parent({}),
  },
  {
    name: "nested input missing its required field",
    path: "/data/x",
    // @ts-expect-error data.x has no default
    build: () => new Parent({ data: {} }),
  },
  {
    name: "OneOf input without its tag",
    path: "/model/kind",
    // @ts-expect-error the tag says which class to build
    build: () => new Exp({ model: { w: 2 } }),
  },
  {
    name: "OneOf input without its tag, even when the member's tag has a default",
    path: "/model/kind",
    // @ts-expect-error the tag says which class to build
    build: () => new Exp({ model: { z: 2 } }),
  },
  {
    name: "OneOf unknown tag",
    path: "/model/kind",
    // @ts-expect-error "d" is no member's tag
    build: () => new Exp({ model: { kind: "d" } }),
  },
  {
    name: "OneOf member input missing a required field",
    path: "/model/w",
    // @ts-expect-error B needs w
    build: () => new Exp({ model: { kind: "b" } }),
  },
  {
    name: "OneOf field without default is required",
    path: "/model",
    // @ts-expect-error model has no default
    build: () => new Exp({}),
  },
  {
    name: "Type.Optional of the wrong type",
    path: "/note",
    // @ts-expect-error note is a string
    build: () => new Opt({ note: 1 }),
  },
  {
    name: "array item missing a required field",
    path: "/items/1/x",
    // @ts-expect-error each item needs x
    build: () => new List({ items: [{ x: 1 }, {}] }),
  },
  {
    name: "plain object missing a required field",
    path: "/opts/r",
    // @ts-expect-error r has no default
    build: () => new Plain({ opts: {} }),
  },
  {
    name: "union: defaults below a union are not filled",
    path: "/u",
    // @ts-expect-error a has a default, but not below a union
    build: () => new InUnion({ u: {} }),
  },
  {
    name: "record value missing a required field",
    path: "/byName/a/x",
    // @ts-expect-error each value needs x
    build: () => new Holders({ byName: { a: {} } }),
  },
  {
    name: 'extra: "allow" still checks declared fields',
    path: "/x",
    // @ts-expect-error x is an integer
    build: () => new Loose({ x: "1", anything: 1 }),
  },
  {
    name: "tutorial Square without x",
    path: "/x",
    // @ts-expect-error x has no default
    build: () => new Square({ infra: { folder: "cache" } }),
  },
  {
    name: "tutorial task: wrong param type",
    path: "/param",
    // @ts-expect-error param is an integer
    build: () => new TutorialTask({ param: "1" }),
  },
  {
    name: "tutorial task: unknown infra field",
    path: "/infra/folderr",
    // @ts-expect-error TaskInfra has no field folderr
    build: () => new TutorialTask({ infra: { folderr: "cache" } }),
  },
];

import { Config, OneOf, Type } from "exca";

/** The tutorial's first model: a required integer and a string with a default. */
export class MyModel extends Config({ x: Type.Integer(), y: Type.String({ default: "blublu" }) }) {}

/** A config holding another one: plain data becomes a MyModel instance. */
export class Parent extends Config({ data: MyModel }) {}

/** Two optimizers, chosen by their `kind` tag. */
export class Adam extends Config({ kind: Type.Literal("adam"), lr: Type.Number({ default: 1e-3 }) }) {}
export class Sgd extends Config({
  kind: Type.Literal("sgd"),
  lr: Type.Number({ default: 0.1 }),
  momentum: Type.Number({ default: 0 }),
}) {}

/** An experiment: results depend on everything but `device`, which stays out of the uid. */
export class Experiment extends Config(
  {
    model: Parent,
    optimizer: OneOf([Adam, Sgd], "kind"),
    epochs: Type.Integer({ default: 10, minimum: 1 }),
    device: Type.String({ default: "cpu" }),
  },
  { excludeFromUid: ["device"] },
) {}

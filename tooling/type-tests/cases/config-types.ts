// Types of config classes beyond constructor inputs (those are in config-input.ts): schema defaults in
// exca's Type, Input/Output helpers, Static of a class's schema, OneOf keys, excludeFromUid names.
import { Config, type Input, OneOf, type Output, type Static, TaskInfra, Type } from "exca";

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

class MyModel extends Config({ x: Type.Integer(), y: Type.String({ default: "blublu" }) }) {
  double(): number {
    return this.x * 2;
  }
}
class Parent extends Config({ data: MyModel, tags: Type.Optional(Type.Array(Type.String())) }) {}

// exca's Type keeps defaults in the types; TypeBox's own schema types are unchanged otherwise.
const withDefault = Type.Integer({ default: 1 });
expectType<Equal<typeof withDefault.default, number>>();
const plain = Type.Integer({ minimum: 0 });
expectType<Equal<typeof plain, ReturnType<typeof Type.Integer<{}>>>>();
// @ts-expect-error a default must be a value of the schema
Type.Integer({ default: "1" });
// @ts-expect-error a default must be a value of the schema
Type.Union([Type.Literal("adam"), Type.Literal("sgd")], { default: "rmsprop" });
// @ts-expect-error a default of an object schema is an input of it
Type.Object({ a: Type.Number() }, { default: { a: "1" } });

// Input<typeof C>: the constructor's argument; Output<typeof C>: the instance's data, without methods.
expectType<Equal<Input<typeof MyModel>, { x: number; y?: string }>>();
expectType<Equal<Output<typeof MyModel>, { readonly x: number; readonly y: string }>>();
expectType<Equal<Output<typeof Parent>, { readonly data: MyModel; readonly tags?: string[] }>>();
expectType<Equal<keyof MyModel, "x" | "y" | "double">>(); // no phantom key on instances
expectType<Equal<Input<typeof Parent>["data"], MyModel | { x: number; y?: string }>>();
// @ts-expect-error Output has fields only
const noMethod: Output<typeof MyModel>["double"] = () => 1;
void noMethod;

// Static<typeof C.schema> is the instance's data, exactly Output<typeof C>.
type ParentData = Static<typeof Parent.schema>;
expectType<Equal<ParentData, { readonly data: MyModel; readonly tags?: string[] }>>();
expectType<Equal<Static<typeof MyModel.schema>, Output<typeof MyModel>>>();
const data: ParentData = new Parent({ data: { x: 1 } });
const back: Output<typeof Parent> = data;
void back;

// OneOf: the key must be a literal field of every member.
class A extends Config({ kind: Type.Literal("a"), label: Type.String({ default: "" }) }) {}
class B extends Config({ kind: Type.Literal("b"), label: Type.String({ default: "" }) }) {}
const field = OneOf([A, B], "kind");
void field;
// @ts-expect-error "label" is a field of both, but not a literal
OneOf([A, B], "label");
// @ts-expect-error MyModel has no literal field "kind"
OneOf([A, MyModel], "kind");
// @ts-expect-error a OneOf default is a member's input with its tag
OneOf([A, B], "kind", { default: { label: "x" } });

// excludeFromUid names fields of the class.
class Device extends Config(
  { lr: Type.Number(), device: Type.String({ default: "cpu" }) },
  { excludeFromUid: ["device"] },
) {}
void Device;
// @ts-expect-error "gpu" is not a field
class Wrong extends Config({ lr: Type.Number() }, { excludeFromUid: ["gpu"] }) {}
void Wrong;

// A config field with a default input: the default input is checked too.
// @ts-expect-error version is a string
TaskInfra.field({ version: 1 });
// @ts-expect-error MyModel.field's default input needs x
MyModel.field({ y: "a" });

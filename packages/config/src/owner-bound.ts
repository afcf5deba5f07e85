// Type-only: lets a field's value type depend on the class of the object that holds it. An infra field
// (`infra: TaskInfra.field({...}, "process")`) cannot see the method of the class it is declared in (the
// class does not exist yet when its shape is written), but an instance can: polymorphic `this` in an
// interface member resolves to the subclass. Nothing here exists at run time.
import type { Shape } from "./types.js";

/** Type-only key of the binding on a field schema's type. */
export declare const OWNER_BOUND: unique symbol;

/**
 * A type-level function from the owner's instance type (`owner`) to the field's value type (`bound`):
 * an interface that extends this one and defines `bound` in terms of `this["owner"]`.
 */
export interface OwnerBinding {
  readonly owner: unknown;
  readonly bound: unknown;
}

/** A field schema type whose value, on an instance, is `B` applied to that instance's type. */
export type OwnerBoundField<F, B extends OwnerBinding> = F & { readonly [OWNER_BOUND]?: B };

/** `B` applied to the owner type `O`. */
export type ApplyBinding<B extends OwnerBinding, O> = (B & { readonly owner: O })["bound"];

/**
 * The `infra` field, bound to the instance (`this` is only allowed in interface members, so the key is
 * fixed: `infra`, the name every example uses; a bound field under another name keeps its unbound type).
 */
export interface InfraBoundTo<B extends OwnerBinding> {
  readonly infra: ApplyBinding<B, this>;
}

/** What `Config(shape)` instances add for an `infra` field whose schema carries a binding. */
export type OwnerBound<S extends Shape> = S extends {
  readonly infra: { readonly [OWNER_BOUND]?: infer B extends OwnerBinding };
}
  ? InfraBoundTo<B>
  : unknown;

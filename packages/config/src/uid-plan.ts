import { planOf } from "./config.js";
import type { PropPlan } from "./plan.js";
import type { AnyConfigClass } from "./types.js";

/** One field of a config class, with the strings its uid entry is made of, built once per class. */
export interface UidField {
  key: string;
  prop: PropPlan;
  /** `excludeFromUid` (kept anyway when it is the tag of a `OneOf`). */
  excluded: boolean;
  /** `<cleaned key>=`: the readable entry's start. */
  assign: string;
  /** `<cleaned key>.`: the start of a dotted single-key chain. */
  dot: string;
  /** `<JSON key>:`: the exact entry's start. */
  quoted: string;
}

/** What rendering an instance's uid needs from its class. */
export interface UidPlan {
  fields: readonly UidField[];
  allowExtra: boolean;
  byKey: ReadonlyMap<string, unknown>;
}

const plans = new WeakMap<object, UidPlan>();

/**
 * The uid plan of an instance's class. Measured (10,000 uids of bench.py's 15-field config): cleaning and
 * quoting every key on every call, and going through an export tree first, were half of a uid's time.
 */
export function uidPlanOf(instance: object, cleanKey: (key: string) => string): UidPlan {
  const classPlan = planOf(instance.constructor as AnyConfigClass);
  let plan = plans.get(classPlan);
  if (plan === undefined) {
    plan = {
      fields: classPlan.props.map((prop) => {
        const shown = cleanKey(prop.key);
        return {
          key: prop.key,
          prop,
          excluded: classPlan.excluded.has(prop.key),
          assign: `${shown}=`,
          dot: `${shown}.`,
          quoted: `${JSON.stringify(prop.key)}:`,
        };
      }),
      allowExtra: classPlan.allowExtra,
      byKey: classPlan.byKey,
    };
    plans.set(classPlan, plan);
  }
  return plan;
}

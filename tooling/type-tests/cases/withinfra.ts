// What the compiler accepts and refuses for `withInfra` and `memoize` (issue 14): a parameter type declared
// as an interface is accepted, and the wrapped function keeps exactly its parameter and result types.
// Each `@ts-expect-error` line is a probe (see type-tests.test.mjs).
import { memoize, withInfra } from "exca";

/** Exactly the same type (not merely assignable either way, which `any` would be). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

interface Scale {
  value: number;
  factor?: number;
}

async function scaleAsync(p: Scale): Promise<number> {
  return p.value * (p.factor ?? 2);
}
function label(p: Scale): string {
  return `x${p.value}`;
}

// withInfra: an interface parameter, the same parameters, the awaited result.
const scale = withInfra(scaleAsync, { folder: "cache" });
const scaleParams: Equal<Parameters<typeof scale>, [params: Scale]> = true;
const scaled: Equal<Awaited<ReturnType<typeof scale>>, number> = true;
const labelled = withInfra(label);
const labelResult: Equal<ReturnType<typeof labelled>, Promise<string>> = true;
void [scaleParams, scaled, labelResult];
void scale({ value: 1 });
void scale({ value: 1, factor: 3 });
// A type literal and a Record still work as before.
const literal = withInfra(function literal(p: { a: number }) {
  return p.a;
});
const fromRecord = withInfra(function fromRecord(p: Record<string, number>) {
  return Object.keys(p).length;
});
void literal({ a: 1 });
void fromRecord({ a: 1, b: 2 });

// @ts-expect-error a required parameter is missing
void scale({ factor: 2 });

// @ts-expect-error a parameter the interface does not declare
void scale({ value: 1, extra: true });

// @ts-expect-error a parameter of the wrong type
void scale({ value: "1" });

// @ts-expect-error the result is a number, not a string
const notAString: Promise<string> = scale({ value: 1 });
void notAString;

// @ts-expect-error the parameter must be one object of named fields
withInfra(function count(n: number) {
  return n;
});

// memoize: the same for positional parameters.
const memoScale = memoize(scaleAsync);
const memoParams: Equal<Parameters<typeof memoScale>, [p: Scale]> = true;
const memoResult: Equal<ReturnType<typeof memoScale>, Promise<number>> = true;
const memoLabel = memoize(label, { key: (p) => String(p.value) });
const memoLabelResult: Equal<ReturnType<typeof memoLabel>, Promise<string>> = true;
void [memoParams, memoResult, memoLabelResult];

// @ts-expect-error a required parameter is missing
void memoScale({ factor: 2 });

// @ts-expect-error the result is a string, not a number
const notANumber: Promise<number> = memoLabel({ value: 1 });
void notANumber;

// @ts-expect-error options.key receives the function's own parameters
memoize(label, { key: (p: { other: string }) => p.other });

// What the compiler accepts and refuses for config classes. Each `@ts-expect-error` line is a probe:
// tsc fails if the line below it compiles, and type-tests.test.mjs checks that each probe's line
// fails on its own when the comment is removed.
import { Config, Type } from "exca";

class Point extends Config({ x: Type.Number({ default: 0 }), label: Type.String({ default: "p" }) }) {}

const p = new Point({ x: 1 });
const x: number = p.x;
void x;

// @ts-expect-error a field the shape does not declare
new Point({ y: 1 });

// @ts-expect-error a value of the wrong type
new Point({ x: "1" });

import { definitionSite } from "../locate.js";

/** Where this module says it is defined, as a decorator would see it. */
export const site: string | undefined = definitionSite();

export class Exported {}

class Hidden {}

/** A class made inside a function: never importable by another process. */
export function makeInner(): object {
  return class Inner {};
}

export const hidden: object = Hidden;

// Deterministic task and map classes for the reliability suite: every result is a pure function of the
// inputs (so a cached value can be checked exactly), and every computation appends a line to a count file
// (so tests can tell what was computed, and how often): the item for maps, `task-<n>` for tasks.
import { appendFileSync } from "node:fs";
import { Config, MapInfra, TaskInfra, Type } from "../index.js";

/** What a map item computes to: a raw Float64Array for even items (a data file), an object for odd ones. */
export function itemValue(item: number, salt: number): Float64Array | Record<string, unknown> {
  if (item % 2 === 0) return new Float64Array(8 + (item % 40)).map((_, k) => item * 1000 + salt + k);
  return { item, square: item * item, salt, text: `v${item}-`.repeat(1 + (item % 60)) };
}

/** What a task computes to. */
export function taskValue(n: number, salt: number): Record<string, unknown> {
  return { n, salt, cube: n * n * n, data: new Float32Array(16 + (n % 50)).fill(n + salt / 1000) };
}

function sleep(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function count(file: string, lines: readonly (string | number)[]): void {
  if (file !== "" && lines.length > 0) appendFileSync(file, lines.map((line) => `${line}\n`).join(""));
}

/** Maps integers to {@link itemValue}; `countFile` and `delayMs` (per item) stay out of the uid. */
export class ReliableMap extends Config(
  {
    salt: Type.Integer({ default: 7 }),
    countFile: Type.String({ default: "" }),
    delayMs: Type.Number({ default: 0 }),
    infra: MapInfra.field({ version: "1", progress: false }),
  },
  { excludeFromUid: ["countFile", "delayMs"] },
) {
  @MapInfra.apply({ itemUid: (item: number) => `item-${item}` })
  *process(items: number[]): Generator<Float64Array | Record<string, unknown>> {
    count(this.countFile, items);
    for (const item of items) {
      sleep(this.delayMs);
      yield itemValue(item, this.salt);
    }
  }
}

/** Computes {@link taskValue} of `n`; `countFile` and `delayMs` stay out of the uid. */
export class ReliableTask extends Config(
  {
    n: Type.Integer({ default: 0 }),
    salt: Type.Integer({ default: 7 }),
    countFile: Type.String({ default: "" }),
    delayMs: Type.Number({ default: 0 }),
    infra: TaskInfra.field({ version: "1" }),
  },
  { excludeFromUid: ["countFile", "delayMs"] },
) {
  @TaskInfra.apply()
  async process(): Promise<Record<string, unknown>> {
    count(this.countFile, [`task-${this.n}`]);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return taskValue(this.n, this.salt);
  }
}

/** A map whose item uids are the items themselves (any string), for bad-input and security tests. */
export class KeyedMap extends Config({ infra: MapInfra.field({ version: "1", progress: false }) }) {
  @MapInfra.apply({ itemUid: (item: string) => item })
  *process(items: string[]): Generator<string> {
    for (const item of items) yield `<${item}>`;
  }
}

/** A task with free-form fields, for config fuzzing: returns its own fields. */
export class FreeTask extends Config({
  name: Type.String({ default: "x" }),
  size: Type.Integer({ minimum: 0, maximum: 1000, default: 1 }),
  ratio: Type.Number({ default: 0.5 }),
  tags: Type.Array(Type.String(), { default: [] }),
  nested: Type.Object({ a: Type.Integer({ default: 0 }), b: Type.String({ default: "" }) }, { default: {} }),
  infra: TaskInfra.field({ version: "1" }),
}) {
  @TaskInfra.apply()
  async process(): Promise<Record<string, unknown>> {
    return { name: this.name, size: this.size, ratio: this.ratio, tags: [...this.tags] };
  }
}

/** What {@link EditedTask} `n` computes to in edition `edition`. */
export function editedTaskValue(n: number, edition: number): Record<string, unknown> {
  return { ...taskValue(n, 7), edition };
}

/** What {@link EditedMap} computes for `item` in edition `edition`. */
export function editedItemValue(item: number, edition: number): Record<string, unknown> {
  return { item, edition, data: new Float64Array(4 + (item % 8)).fill(item + edition / 10) };
}

/**
 * A task whose value changes with `edition`, kept out of the uid: computing it again (force, retry)
 * overwrites the stored value with another. A negative edition fails, with the edition in the message.
 */
export class EditedTask extends Config(
  {
    n: Type.Integer({ default: 0 }),
    edition: Type.Integer({ default: 0 }),
    delayMs: Type.Number({ default: 0 }),
    infra: TaskInfra.field({ version: "1" }),
  },
  { excludeFromUid: ["edition", "delayMs"] },
) {
  @TaskInfra.apply()
  async process(): Promise<Record<string, unknown>> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.edition < 0) throw new Error(`edition ${this.edition} fails`);
    return editedTaskValue(this.n, this.edition);
  }
}

/** A map whose values change with `edition` (kept out of the uid), for overwrites with force. */
export class EditedMap extends Config(
  {
    edition: Type.Integer({ default: 0 }),
    delayMs: Type.Number({ default: 0 }),
    infra: MapInfra.field({ version: "1", progress: false }),
  },
  { excludeFromUid: ["edition", "delayMs"] },
) {
  @MapInfra.apply({ itemUid: (item: number) => `item-${item}` })
  *process(items: number[]): Generator<Record<string, unknown>> {
    for (const item of items) {
      sleep(this.delayMs);
      yield editedItemValue(item, this.edition);
    }
  }
}

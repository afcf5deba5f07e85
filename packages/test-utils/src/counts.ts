// Reading the files in which test fixtures record their computations, one line each.
import { readFile } from "node:fs/promises";

/** The non-empty lines of `file` ([] when it does not exist): fixtures append one line per computation. */
export async function linesOf(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "");
}

/** How many computations a fixture recorded in `file` (one line each). */
export async function countLines(file: string): Promise<number> {
  return (await linesOf(file)).length;
}

/** The numbers a fixture recorded in `file`, one per line, in order. */
export async function numbersOf(file: string): Promise<number[]> {
  return (await linesOf(file)).map(Number);
}

import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fromYaml } from "@exca/config";
import type { TaskContext } from "./context.js";
import { TaskResults } from "./results.js";

/** The objects of every uid folder next to this task's (same class, method and version) that holds a result. */
export async function* iterCached(context: TaskContext): AsyncGenerator<object> {
  const methodFolder = dirname(context.uidFolder());
  let entries: string[];
  try {
    entries = await readdir(methodFolder);
  } catch {
    return;
  }
  const Class = context.owner.constructor as new (input: never) => object;
  for (const entry of entries.sort()) {
    const folder = join(methodFolder, entry);
    let text: string;
    try {
      text = await readFile(join(folder, "config.yaml"), "utf8");
    } catch {
      continue;
    }
    if ((await new TaskResults(folder, undefined).read()) === undefined) continue;
    yield fromYaml(Class, text);
  }
}

import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fromYaml, getLogger } from "@exca/config";
import { InfraContext, InfraResults, uidFolderPath } from "@exca/infra";

const log = getLogger("task");

/**
 * The object a uid folder's config file describes, or undefined (with a warning naming the file) when
 * the file is damaged: unreadable, or describing another config than the folder's.
 */
function rebuild(context: InfraContext, folder: string, text: string): object | undefined {
  const path = uidFolderPath(folder, "config");
  const Class = context.owner.constructor as new (input: never) => object;
  try {
    const found = fromYaml(Class, text);
    const uid = new InfraContext(found, context.infraKey, context.method).uid();
    if (uid.split("/").pop() === basename(folder)) return found;
    log.warn(`skipping ${folder}: ${path} describes another config (${uid}); remove it to rewrite it`);
  } catch (error) {
    log.warn(`skipping ${folder}: ${path} is unreadable (${(error as Error).message.split("\n")[0]})`);
  }
  return undefined;
}

/** The objects of every uid folder next to this task's (same class, method and version) that holds a result. */
export async function* iterCached(context: InfraContext): AsyncGenerator<object> {
  const methodFolder = dirname(context.uidFolder());
  let entries: string[];
  try {
    entries = await readdir(methodFolder);
  } catch {
    return;
  }
  for (const entry of entries.sort()) {
    const folder = join(methodFolder, entry);
    let text: string;
    try {
      text = await readFile(uidFolderPath(folder, "config"), "utf8");
    } catch {
      continue;
    }
    if ((await new InfraResults(folder, undefined).read()) === undefined) continue;
    const found = rebuild(context, folder, text);
    if (found !== undefined) yield found;
  }
}

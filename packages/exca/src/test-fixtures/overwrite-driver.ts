// A driver process for the overwrite tests: `node overwrite-driver.js <json args>`.
// - `write`: computes an EditedTask (or maps EditedMap items) once in `mode` with `edition`, then prints
//   `{ done }` (the time the call resolved).
// - `read`: reads them in readOnly mode, again and again with fresh objects, until `stopFile` exists;
//   then prints `{ reads }`: for each read, when it started and what each value was: `v<edition>` for an
//   exact value of that edition, `e<edition>` for that edition's stored failure, `missing` for a read
//   that found nothing (or a job that died), `wrong` for anything else.
import { existsSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { ClusterName } from "@exca/executors";
import { EditedMap, EditedTask, editedItemValue, editedTaskValue } from "./reliable.js";

/** Arguments of the overwrite driver. */
export interface OverwriteArgs {
  role: "write" | "read";
  kind: "task" | "map";
  folder: string;
  n?: number;
  items?: number[];
  mode?: "cached" | "force" | "retry";
  edition?: number;
  delayMs?: number;
  cluster?: ClusterName | null;
  stopFile?: string;
}

/** One read: when it started (ms since the epoch) and what it saw, one entry per value read. */
export interface OverwriteRead {
  at: number;
  seen: string[];
}

const args = JSON.parse(process.argv[2] ?? "{}") as OverwriteArgs;
const n = args.n ?? 0;
const items = args.items ?? [];
const infra = { folder: args.folder, cluster: args.cluster ?? null };

/** The edition whose exact value `value` is, among those a test uses (0 to 9). */
function editionOf(value: unknown, expected: (edition: number) => unknown): string {
  for (let edition = 0; edition < 10; edition++)
    if (isDeepStrictEqual(value, expected(edition))) return `v${edition}`;
  return "wrong";
}

async function readOnce(): Promise<string[]> {
  if (args.kind === "map") {
    const mapper = new EditedMap({ infra: { ...infra, mode: "readOnly" } });
    try {
      const values = (await mapper.process(items)) as unknown as unknown[];
      return values.map((value, i) => editionOf(value, (edition) => editedItemValue(items[i]!, edition)));
    } catch {
      return ["missing"];
    }
  }
  const task = new EditedTask({ n, infra: { ...infra, mode: "readOnly" } });
  try {
    return [editionOf(await task.process(), (edition) => editedTaskValue(n, edition))];
  } catch (error) {
    const failed = /edition (-\d+) fails/.exec((error as Error).message);
    return [failed === null ? "missing" : `e${failed[1]}`];
  }
}

if (args.role === "write") {
  const common = { edition: args.edition ?? 0, delayMs: args.delayMs ?? 0 };
  if (args.kind === "map") {
    const mode = args.mode === "force" ? "force" : "cached";
    await new EditedMap({ ...common, infra: { ...infra, mode } }).process(items);
  } else {
    await new EditedTask({ ...common, n, infra: { ...infra, mode: args.mode ?? "cached" } })
      .process()
      .catch(() => undefined); // a failing edition is stored, which is what the caller wants
  }
  process.stdout.write(`${JSON.stringify({ done: Date.now() })}\n`);
} else {
  const reads: OverwriteRead[] = [];
  while (!existsSync(args.stopFile ?? "")) {
    const at = Date.now();
    reads.push({ at, seen: await readOnce() });
  }
  process.stdout.write(`${JSON.stringify({ reads })}\n`);
}

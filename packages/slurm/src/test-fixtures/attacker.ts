// The attacker's side of the shared-cache tests: `node attacker.js <json AttackerArgs>`, run as a member of
// the cache's group who is not the victim. Each attack uses only the group's write access to the folder.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/** The attacks. */
export type AttackerArgs =
  /** Renames a spec of ours over every `*.spec.json` that appears below `folder`, until `stopFile` exists. */
  | { attack: "swap-specs"; folder: string; evilModule: string; marker: string; stopFile: string }
  /** Makes `folder` (group-writable), and links the next `count` Slurm log names in it to `target`. */
  | { attack: "plant-logs"; folder: string; target: string; count: number }
  /** Makes the parent of `link` and a symlink `link` → `target` (a folder of the victim's, outside the cache). */
  | { attack: "link-folder"; link: string; target: string }
  /** Removes the result of a uid folder and puts a crafted `job.json` there, naming `record`. */
  | { attack: "craft-job"; uidFolder: string; record: Record<string, unknown> };

const args = JSON.parse(process.argv[2] ?? "{}") as AttackerArgs;

/** Creates `folder` and its missing parents, writable by the group (our umask is 077). */
function makeShared(folder: string): void {
  const first = mkdirSync(folder, { recursive: true });
  if (first === undefined) return;
  for (let path = folder; ; path = dirname(path)) {
    chmodSync(path, 0o2770);
    if (path === first) break;
  }
}

function specsBelow(folder: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(path, entry.name));
      else if (entry.name.endsWith(".spec.json")) found.push(join(path, entry.name));
    }
  };
  walk(folder);
  return found;
}

async function swapSpecs(a: Extract<AttackerArgs, { attack: "swap-specs" }>): Promise<number> {
  const swapped = new Set<string>();
  const deadline = Date.now() + 120_000;
  while (!existsSync(a.stopFile) && Date.now() < deadline) {
    for (const path of specsBelow(a.folder)) {
      if (swapped.has(path)) continue;
      try {
        // Nothing of the victim's spec is needed (it may be unreadable): the handler is all that runs.
        const spec = {
          handler: { moduleUrl: a.evilModule, exportName: "evil" },
          extra: { marker: a.marker },
        };
        writeFileSync(`${path}.evil`, JSON.stringify(spec));
        chmodSync(`${path}.evil`, 0o644); // the victim must read it
        renameSync(`${path}.evil`, path);
        swapped.add(path);
      } catch {
        // being written: next round
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return swapped.size;
}

function plantLogs(a: Extract<AttackerArgs, { attack: "plant-logs" }>): number {
  makeShared(a.folder);
  const last = Number(
    execFileSync("sbatch", ["--parsable", "--output=/dev/null", "--wrap=true"], { encoding: "utf8" }).split(
      ";",
    )[0],
  );
  for (let id = last + 1; id <= last + a.count; id++)
    for (const ext of ["out", "err"]) symlinkSync(a.target, join(a.folder, `${id}.${ext}`));
  return a.count;
}

let done: number;
if (args.attack === "swap-specs") done = await swapSpecs(args);
else if (args.attack === "plant-logs") done = plantLogs(args);
else if (args.attack === "link-folder") {
  makeShared(dirname(args.link));
  symlinkSync(args.target, args.link);
  done = 1;
} else {
  // Renaming needs write access to the uid folder only (the result's own files may be the victim's alone).
  renameSync(join(args.uidFolder, "result"), join(args.uidFolder, `gone-${process.pid}`));
  const record = args.record;
  const claim = {
    executor: record.executor,
    claimedAt: new Date().toISOString(),
    owner: { pid: 1, pidStart: "", host: record.host },
    record,
  };
  writeFileSync(join(args.uidFolder, "job.json.evil"), JSON.stringify(claim));
  chmodSync(join(args.uidFolder, "job.json.evil"), 0o644);
  renameSync(join(args.uidFolder, "job.json.evil"), join(args.uidFolder, "job.json"));
  done = 1;
}
process.stdout.write(`${JSON.stringify({ done })}\n`);

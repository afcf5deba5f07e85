// Damages files the way disks, crashes and people do: truncation, zeroed blocks, flipped bits, removal.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** How a file is damaged. */
export type Damage = "truncate" | "zero" | "bitflip" | "delete";

/** Every kind of damage. */
export const DAMAGES: readonly Damage[] = ["truncate", "zero", "bitflip", "delete"];

/** Damages one file: cut to half its size, zeroed over its whole length, one bit flipped mid-file, or removed. */
export function damage(path: string, how: Damage): void {
  const bytes = readFileSync(path);
  if (how === "truncate") truncateSync(path, Math.floor(bytes.length / 2));
  else if (how === "zero") writeFileSync(path, Buffer.alloc(bytes.length));
  else if (how === "bitflip") {
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x04;
    writeFileSync(path, bytes);
  } else rmSync(path);
}

/** Files of `folder` whose names end with `suffix`, as full paths. */
export function filesEnding(folder: string, suffix: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(folder, name));
}

/** The pid of a process that has exited (and been reaped). */
export function deadPid(): number {
  const pid = spawnSync(process.execPath, ["-e", ""]).pid;
  if (pid === undefined) throw new Error("could not start a process");
  return pid;
}

/** The owner record of a dead process of this host, as claims and locks store it. */
export function deadOwner(): { pid: number; pidStart: string; host: string } {
  return { pid: deadPid(), pidStart: "1", host: hostname().split(".")[0] ?? "localhost" };
}

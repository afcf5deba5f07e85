import type { SlurmStatus } from "./states.js";

/** The array job id (or job id) of a job id: `123_4` gives `123`. */
export function baseId(jobId: string): string {
  return jobId.split("_")[0]!;
}

/**
 * The statuses of `sacct --parsable2 --noheader --format=JobID,State,ExitCode` lines. Pending array
 * tasks that Slurm has not split yet read `12_[3-9%2]` or `12_[3,5-7]`: each task of the range gets the row.
 */
export function parseSacct(text: string): Map<string, SlurmStatus> {
  const statuses = new Map<string, SlurmStatus>();
  for (const line of text.split("\n")) {
    const [id = "", state = "", exitCode = ""] = line.trim().split("|");
    if (id === "" || state === "") continue;
    const word = state.split(" ")[0]!;
    const status: SlurmStatus = { state: word };
    if (/^\d+:\d+$/.test(exitCode)) status.exitCode = exitCode;
    if (word !== state) status.detail = state;
    for (const each of expandIds(id)) statuses.set(each, status);
  }
  return statuses;
}

/**
 * The statuses of `squeue -O JobArrayID:|,State:|,exit_code:|` lines; squeue gives the exit code as a
 * wait status (`256` is exit code 1).
 */
export function parseSqueue(text: string): Map<string, SlurmStatus> {
  const statuses = new Map<string, SlurmStatus>();
  for (const line of text.split("\n")) {
    const [id = "", state = "", wait = ""] = line.trim().split("|");
    if (id === "" || state === "") continue;
    const status: SlurmStatus = { state };
    const raw = Number.parseInt(wait, 10);
    if (Number.isInteger(raw) && raw >= 0) status.exitCode = `${raw >> 8}:${raw & 0x7f}`;
    for (const each of expandIds(id)) statuses.set(each, status);
  }
  return statuses;
}

/** `12_[3-5%2]` gives `12_3`, `12_4`, `12_5`; any other id gives itself. */
export function expandIds(id: string): string[] {
  const match = /^(\d+)_\[([\d,-]+)(?:%\d+)?\]$/.exec(id);
  if (match === null) return [id];
  const ids: string[] = [];
  for (const part of match[2]!.split(",")) {
    const [first = "", last = first] = part.split("-");
    for (let i = Number(first); i <= Number(last); i++) ids.push(`${match[1]}_${i}`);
  }
  return ids;
}

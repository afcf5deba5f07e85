// The exca command line: ls, show, clear, status, verify (each with --json). Exit codes: 0 success, 1 a
// problem with the cache (not an exca cache, unreadable, damaged), 2 bad usage.
import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { assertOwnFile, getExecutor, readTail } from "@exca/executors";
import { assertInsideCache, UID_FOLDER_ENTRIES, uidFolderPath } from "@exca/infra";
import { CacheDict } from "@exca/storage";
import {
  clearFolder,
  describeFolder,
  findUidFolders,
  jobRunning,
  readJobFile,
  SMALL_FILE_BYTES,
} from "./cache-folders.js";
import { loadExecutors } from "./cli-executors.js";
import { printable } from "./printable.js";
import { type VerifyReport, verifyFolder } from "./verify.js";

const USAGE = `usage: exca <command> [--json]
  exca ls <folder>            every cached task or map below <folder>
  exca show <uidFolder>       config, status, job, log tails (--lines=N, default 20), error
  exca clear <uidFolder>...   remove cached results (asks unless --yes; cancels running jobs first)
  exca status <folder>        jobs in flight below <folder>
  exca verify <folder>        check every record, YAML and job file below <folder> (exit 1 if damaged);
                              --repair drops bad records and files so that they get recomputed
Jobs of Slurm (when @exca/slurm is installed) and of the executor packages listed in EXCA_EXECUTORS
(comma-separated, resolved from the current folder) are followed and cancelled.`;

class UsageError extends Error {}
class CacheProblem extends Error {}

/** Where the CLI writes: stdout and stderr by default. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const STANDARD: CliOutput = {
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
};

let out: (text: string) => void = STANDARD.out;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function size(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)}${units[unit]}`;
}

function requireFolder(path: string | undefined, what: string): string {
  if (path === undefined) throw new UsageError(`missing ${what}`);
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new CacheProblem(`${path} is not a folder`);
  return full;
}

function requireUidFolder(path: string | undefined): string {
  const folder = requireFolder(path, "uid folder");
  if (!existsSync(uidFolderPath(folder, "uid"))) {
    throw new CacheProblem(
      `${path} is not an exca uid folder (no uid.yaml); run \`exca ls <folder>\` to find them`,
    );
  }
  return folder;
}

async function ls(args: string[], json: boolean): Promise<void> {
  const root = requireFolder(args[0], "folder");
  const folders = findUidFolders(root);
  if (folders.length === 0)
    throw new CacheProblem(`no exca cache below ${args[0]} (no folder holds a uid.yaml)`);
  const infos = await Promise.all(folders.map(describeFolder));
  if (json) return out(JSON.stringify(infos, null, 2));
  const rows = infos.map((info) => [
    info.method,
    info.version,
    info.uid,
    info.status,
    info.items === undefined ? "" : String(info.items),
    size(info.bytes),
    info.modified.slice(0, 19).replace("T", " "),
  ]);
  out(table([["method", "version", "uid", "status", "items", "size", "modified"], ...rows]));
}

/** Bytes read from the end of a log per line shown: enough for long lines, bounded for huge logs. */
const BYTES_PER_LINE = 1024;

/**
 * The last `lines` lines of a log of the uid folder: a path from the job record is data anyone with write access
 * could have set, so one outside the uid folder, or not a regular file, is not read.
 */
function tail(folder: string, path: string | undefined, lines: number): string {
  if (path === undefined || !existsSync(path)) return "";
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return "";
  }
  const inside = relative(realpathSync(folder), real);
  if (inside.startsWith("..") || resolve(inside) === inside)
    return `(not shown: ${path} is outside the uid folder)\n`;
  return readTail(real, lines * BYTES_PER_LINE)
    .split("\n")
    .slice(-lines - 1)
    .join("\n");
}

let tailLines = 20;

async function show(args: string[], json: boolean): Promise<void> {
  const folder = requireUidFolder(args[0]);
  const info = await describeFolder(folder);
  const read = (entry: "config" | "uid"): string => readTail(uidFolderPath(folder, entry), SMALL_FILE_BYTES);
  const job = readJobFile(folder);
  const error =
    info.kind === "task"
      ? await new CacheDict({ folder: uidFolderPath(folder, "result") }).get("error")
      : undefined;
  const detail = {
    ...info,
    config: read("config"),
    uidConfig: read("uid"),
    job: job ?? null,
    stdout: tail(folder, job?.record?.stdoutPath, tailLines),
    stderr: tail(folder, job?.record?.stderrPath, tailLines),
    error: error ?? null,
  };
  if (json) return out(JSON.stringify(detail, null, 2));
  out(`${info.method},${info.version}/${info.uid}  [${info.kind}, ${info.status}]`);
  out(`folder: ${folder}  (${size(info.bytes)}, modified ${info.modified})`);
  if (info.items !== undefined) out(`items: ${info.items}`);
  if (job !== undefined)
    out(
      `job: ${job.record?.jobId ?? "(claimed)"} on ${job.record?.executor ?? job.executor}, submitted by pid ${job.owner.pid} on ${job.owner.host} at ${job.claimedAt}`,
    );
  out(`--- uid config ---\n${detail.uidConfig.trimEnd() || "(default)"}`);
  out(`--- config ---\n${detail.config.trimEnd()}`);
  if (detail.stdout.trim() !== "") out(`--- stdout (tail) ---\n${detail.stdout.trimEnd()}`);
  if (detail.stderr.trim() !== "") out(`--- stderr (tail) ---\n${detail.stderr.trimEnd()}`);
  if (error !== undefined) {
    const e = error as { name?: string; message?: string; stack?: string };
    out(`--- error ---\n${e.stack ?? `${e.name}: ${e.message}`}`);
  }
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new UsageError("clear asks for confirmation: pass --yes when not on a terminal");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(`${question} [y/N] `);
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function clear(args: string[], json: boolean, yes: boolean): Promise<void> {
  if (args.length === 0) throw new UsageError("missing uid folder(s)");
  const folders = args.map(requireUidFolder);
  if (!yes && !(await confirm(`remove the cached results of ${folders.length} folder(s)?`)))
    throw new UsageError("cancelled");
  const cleared: string[] = [];
  const kept: string[] = [];
  for (const folder of folders) {
    // Deletes stay inside the cache: no symlink as the method or uid folder, nor in place of what clear removes.
    assertInsideCache(dirname(dirname(folder)), folder, UID_FOLDER_ENTRIES);
    const job = readJobFile(folder);
    if (job?.record !== undefined && (await jobRunning(job, folder))) {
      // The record is data anyone with write access could have crafted: only our own gets obeyed.
      assertOwnFile(uidFolderPath(folder, "job"), `cancel the job recorded in it (${job.record.jobId})`);
      await getExecutor(job.record.executor).reattach(job.record).cancel();
    }
    kept.push(...clearFolder(folder));
    cleared.push(folder);
  }
  if (json) return out(JSON.stringify({ cleared, kept }));
  out(cleared.map((folder) => `cleared ${folder}`).join("\n"));
  if (kept.length > 0) out(`kept ${kept.length} file(s) of other users (their job logs): ${kept.join(", ")}`);
}

async function status(args: string[], json: boolean): Promise<void> {
  const root = requireFolder(args[0], "folder");
  const running: { path: string; executor: string; jobId: string; ageSeconds: number }[] = [];
  for (const folder of findUidFolders(root)) {
    const job = readJobFile(folder);
    if (job === undefined || (await describeFolder(folder)).status !== "running") continue;
    const since = Date.parse(job.record?.submittedAt ?? job.claimedAt);
    running.push({
      path: folder,
      executor: job.record?.executor ?? job.executor,
      jobId: job.record?.jobId ?? "(claimed)",
      ageSeconds: Math.round((Date.now() - since) / 1000),
    });
  }
  if (json) return out(JSON.stringify(running, null, 2));
  if (running.length === 0) return out("no job in flight");
  out(
    table([
      ["executor", "job", "age", "folder"],
      ...running.map((r) => [r.executor, r.jobId, `${r.ageSeconds}s`, r.path]),
    ]),
  );
}

function printVerify(report: VerifyReport, repair: boolean): void {
  out(
    `checked ${report.folders} uid folders, ${report.stores} stores, ${report.records} records` +
      (report.tornTails.length > 0
        ? ` (${report.tornTails.length} torn tails of killed writers, harmless)`
        : ""),
  );
  for (const p of report.problems) {
    const what = p.key === undefined ? "" : ` key ${JSON.stringify(p.key)}`;
    out(`${p.repaired ? "REPAIRED" : "BAD"} ${p.file}${what}: ${p.problem}`);
  }
  const left = report.problems.filter((p) => !p.repaired).length;
  if (report.problems.length === 0) out("no problem found");
  else if (left > 0)
    out(`${left} problem(s) remain${repair ? "" : ": run again with --repair to drop them"}`);
  else out(`${report.problems.length} problem(s) repaired: the next call recomputes what was dropped`);
}

async function verify(args: string[], json: boolean, repair: boolean): Promise<boolean> {
  const root = requireFolder(args[0], "folder");
  const report = await verifyFolder(root, { repair });
  if (report.folders === 0)
    throw new CacheProblem(`no exca cache below ${args[0]} (no folder holds a uid.yaml)`);
  if (json) out(JSON.stringify(report, null, 2));
  else printVerify(report, repair);
  return report.problems.every((problem) => problem.repaired);
}

/**
 * Runs the exca CLI on `argv` (without the node and script paths) and returns the exit code: 0 success,
 * 1 a problem with the cache, 2 bad usage. Never throws.
 */
export async function main(argv: string[], output: CliOutput = STANDARD): Promise<number> {
  const lines = argv.find((arg) => arg.startsWith("--lines="));
  const flags = new Set(argv.filter((arg) => arg.startsWith("--") && arg !== lines));
  const [command, ...args] = argv.filter((arg) => !arg.startsWith("--"));
  const json = flags.has("--json");
  // Names and logs come from folders others may write: no raw control characters reach the terminal
  // (JSON escapes them itself).
  out = json ? output.out : (text) => output.out(printable(text, true));
  const known = new Set(["--json", "--yes", "--help", "--repair"]);
  try {
    const unknown = [...flags].find((flag) => !known.has(flag));
    if (unknown !== undefined) throw new UsageError(`unknown option ${unknown}`);
    tailLines = lines === undefined ? 20 : Number(lines.slice("--lines=".length));
    if (!Number.isInteger(tailLines) || tailLines < 0)
      throw new UsageError(`--lines takes a whole number of lines, got ${JSON.stringify(lines)}`);
    if (flags.has("--help") || command === undefined || command === "help") {
      out(USAGE);
      return command === undefined && !flags.has("--help") ? 2 : 0;
    }
    await loadExecutors();
    if (command === "ls") await ls(args, json);
    else if (command === "show") await show(args, json);
    else if (command === "clear") await clear(args, json, flags.has("--yes"));
    else if (command === "status") await status(args, json);
    else if (command === "verify") return (await verify(args, json, flags.has("--repair"))) ? 0 : 1;
    else throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.err(printable(`exca: ${message}${error instanceof UsageError ? `\n${USAGE}` : ""}`, true));
    return error instanceof UsageError ? 2 : 1;
  }
}

// Helpers shared by the reliability suite: temporary folders, driver processes, process discovery through
// /proc, log capture, and small file-system probes.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "@exca/test-utils";
import { main } from "../cli-main.js";
import { type LogRecord, setLogSink } from "../index.js";
import type { DriverArgs, DriverReport } from "./reliable-driver.js";

// The suite waits with the shared helper; re-exported so that its tests import one module.
export { sleep };

/** The driver script (built JavaScript). */
export const DRIVER = fileURLToPath(new URL("./reliable-driver.js", import.meta.url));
/** The CLI script (built JavaScript). */
export const CLI = fileURLToPath(new URL("../cli.js", import.meta.url));

/** A temporary folder, removed by `remove()`. */
export interface TempRoot {
  readonly path: string;
  remove(): void;
}

/** Creates a temporary folder named after `prefix`. */
export function tempRoot(prefix: string): TempRoot {
  const path = mkdtempSync(join(tmpdir(), `exca-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Starts a driver process; `env` adds environment variables (inherited by its workers). */
export function startDriver(args: DriverArgs, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [DRIVER, JSON.stringify(args)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs a driver to its end and returns its report; rejects when it exits without one or after `timeoutMs`. */
export function runDriver(args: DriverArgs, timeoutMs = 60_000): Promise<DriverReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [DRIVER, JSON.stringify(args)],
      { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const last = stdout.trim().split("\n").pop() ?? "";
        if (last.startsWith("{")) resolve(JSON.parse(last) as DriverReport);
        else reject(new Error(`driver failed (${error?.message ?? "no report"}):\n${stderr.slice(-2000)}`));
      },
    );
  });
}

/** The result of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the exca CLI with `args`. */
export function runCli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

/** Runs the exca CLI in this process (faster than {@link runCli}; same exit codes and output). */
export async function cli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  const text = (lines: string[]): string => lines.map((line) => `${line}\n`).join("");
  return { code, stdout: text(out), stderr: text(err) };
}

/** Pids of the live processes whose environment holds `NAME=value` (`marker`), e.g. drivers and their workers. */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, "latin1").split("\0").includes(marker))
        found.push(Number(name));
    } catch {
      // gone, or a zombie (no environment)
    }
  }
  return found;
}

/** True when process `pid` runs an exca worker. */
export function isWorker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "latin1").includes("worker.js");
  } catch {
    return false;
  }
}

/** Captured log records; `restore()` puts the previous sink back. */
export interface CapturedLogs {
  readonly records: LogRecord[];
  /** Messages of warnings and errors, with their detail's message. */
  warnings(): string[];
  restore(): void;
}

/** Captures every log record (nothing reaches stderr meanwhile). */
export function captureLogs(): CapturedLogs {
  const records: LogRecord[] = [];
  const restore = setLogSink((record) => records.push(record));
  return {
    records,
    warnings: () =>
      records
        .filter((record) => record.level === "warn" || record.level === "error")
        .map((record) =>
          record.detail instanceof Error ? `${record.message} (${record.detail.message})` : record.message,
        ),
    restore,
  };
}

/** How many times each line appears in a file (missing file: none). */
export function lineCounts(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return counts;
  }
  for (const line of text.split("\n")) if (line !== "") counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** Every path below `folder` (relative, sorted), folders included. */
export function listTree(folder: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(folder, relative));
    } catch {
      return;
    }
    for (const name of names) {
      const path = relative === "" ? name : join(relative, name);
      found.push(path);
      if (statSync(join(folder, path), { throwIfNoEntry: false })?.isDirectory()) walk(path);
    }
  };
  walk("");
  return found.sort();
}

/** Total size in bytes of the files below `folder`. */
export function treeBytes(folder: string): number {
  return listTree(folder).reduce((sum, path) => {
    const stat = statSync(join(folder, path), { throwIfNoEntry: false });
    return sum + (stat?.isFile() ? stat.size : 0);
  }, 0);
}

/** Rejects with `what` when `promise` does not settle within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

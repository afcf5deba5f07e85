// Driver processes: a test starts a built fixture script with Node, as a separate process, and reads what
// it printed (the last stdout line is its JSON report by convention).
import { type ChildProcess, execFile, spawn } from "node:child_process";

/** How a driver ended. */
export interface DriverRun {
  /** Exit code (1 when it was killed or failed to start). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runNode}. */
export interface RunNodeOptions {
  /** Kills the driver (SIGKILL) after this long; default 60 s. */
  timeoutMs?: number;
  /** Arguments for Node before the script (e.g. `["--import", "tsx"]`). */
  nodeArgs?: string[];
  /** Working directory. */
  cwd?: string;
  /** Environment variables added to this process's. */
  env?: Record<string, string>;
}

/** Runs `node script ...args` to its end; resolves whatever the exit code (tests assert on it). */
export function runNode(script: string, args: string[], options: RunNodeOptions = {}): Promise<DriverRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), script, ...args],
      {
        timeout: options.timeoutMs ?? 60_000,
        killSignal: "SIGKILL",
        maxBuffer: 1 << 24,
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? 1) || 1, stdout, stderr });
      },
    );
  });
}

/** Starts `node script ...args` and returns at once (for tests that kill it or read it while it runs). */
export function startNode(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

/** The JSON value on the last non-empty line of `stdout`; throws with the output when there is none. */
export function lastJson(stdout: string): unknown {
  const last = stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last) as unknown;
  } catch {
    throw new Error(`no JSON report on the driver's last line:\n${stdout.slice(-2000)}`);
  }
}

/** Runs a driver that must succeed and returns its JSON report; throws with its stderr otherwise. */
export async function driverReport(
  script: string,
  args: string[],
  options?: RunNodeOptions,
): Promise<unknown> {
  const run = await runNode(script, args, options);
  if (run.code !== 0)
    throw new Error(`driver ${script} exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
  return lastJson(run.stdout);
}

/** Kills `child` with SIGKILL and resolves once it has exited. */
export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

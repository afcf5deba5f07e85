import { execFile, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Absolute path of a compiled fixture script in this folder, e.g. `fixture("writer")`. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./${name}.js`, import.meta.url));
}

/** Runs a fixture to completion in a child node process and returns its stdout (rejects on failure). */
export async function runFixture(name: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [fixture(name), ...args], { maxBuffer: 1 << 20 });
  return stdout;
}

/** Starts a fixture with an IPC channel (for `process.send`). */
export function forkFixture(name: string, args: string[]): ReturnType<typeof fork> {
  return fork(fixture(name), args, { stdio: ["ignore", "ignore", "pipe", "ipc"] });
}

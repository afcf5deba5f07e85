import { fileURLToPath } from "node:url";

/** The worker entry of @exca/executors: the process executor starts the same one. */
export const WORKER_PATH: string = fileURLToPath(import.meta.resolve("@exca/executors/worker"));

/** Node options that run code of their own; the next argument is their value. */
const DROPPED_WITH_VALUE = new Set(["-e", "--eval", "-p", "--print"]);
/** Node options that would start a debugger, a watcher, a test runner or a REPL in the worker. */
const DROPPED = /^(--inspect|--debug|--watch|--test|--eval=|--print=|-i$|--interactive$)/;

/**
 * The Node options a worker is started with: this process's (`--import tsx`, `--conditions`...), so
 * that `.ts` user modules load the same way, minus those that run code or tools of their own.
 */
export function workerNodeArgs(execArgv: readonly string[] = process.execArgv): string[] {
  const args: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (DROPPED_WITH_VALUE.has(arg)) i++;
    else if (!DROPPED.test(arg)) args.push(arg);
  }
  return args;
}

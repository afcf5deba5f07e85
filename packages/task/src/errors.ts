import type { ErrorInfo } from "@exca/infra";

/** Log files of the job that failed, when it had some. */
export interface TaskLogs {
  stdout?: string;
  stderr?: string;
}

/**
 * A task's failure, re-thrown from the cache: carries the original error's name, message and stack
 * (as `originalName`, `message` and `originalStack`) and the job's log paths.
 */
export class TaskError extends Error {
  override name = "TaskError";
  readonly originalName: string;
  readonly originalStack: string | undefined;
  readonly logs: TaskLogs;
  /** Where the task lives (its uid folder), when it has one. */
  readonly folder: string | undefined;

  constructor(info: ErrorInfo, context: { folder?: string; logs?: TaskLogs; cached?: boolean } = {}) {
    const where =
      context.folder === undefined
        ? ""
        : ` (task ${context.folder}${context.cached ? ", cached failure: use mode 'retry' to recompute" : ""})`;
    super(`${info.name}: ${info.message}${where}`);
    this.originalName = info.name;
    this.originalStack = info.stack;
    this.logs = context.logs ?? {};
    this.folder = context.folder;
    if (info.stack !== undefined)
      this.stack = `${this.name}: ${this.message}\n--- original stack ---\n${info.stack}`;
  }
}

import type { ErrorInfo } from "@exca/infra";

/** Log files of the job that failed, when it had some. */
export interface TaskLogs {
  stdout?: string;
  stderr?: string;
}

/**
 * A task's failure, re-thrown from the cache: carries the original error's name, message and stack
 * (as `originalName`, `message` and `originalStack`) and the job's log paths. Its `cause` is the original
 * error: the thrown object itself when the method ran in this process, else an Error rebuilt from the
 * stored name, message and stack (the object does not cross processes).
 */
export class TaskError extends Error {
  override name = "TaskError";
  readonly originalName: string;
  readonly originalStack: string | undefined;
  readonly logs: TaskLogs;
  /** Where the task lives (its uid folder), when it has one. */
  readonly folder: string | undefined;

  constructor(
    info: ErrorInfo,
    context: { folder?: string; logs?: TaskLogs; cached?: boolean; cause?: unknown } = {},
  ) {
    const where =
      context.folder === undefined
        ? ""
        : ` (task ${context.folder}${context.cached ? ", cached failure: use mode 'retry' to recompute" : ""})`;
    super(`${info.name}: ${info.message}${where}`, { cause: context.cause ?? rebuilt(info) });
    this.originalName = info.name;
    this.originalStack = info.stack;
    this.logs = context.logs ?? {};
    this.folder = context.folder;
    if (info.stack !== undefined)
      this.stack = `${this.name}: ${this.message}\n--- original stack ---\n${info.stack}`;
  }
}

/** An Error with the stored name, message and stack of a failure thrown in another process. */
function rebuilt(info: ErrorInfo): Error {
  const error = new Error(info.message);
  error.name = info.name;
  if (info.stack !== undefined) error.stack = info.stack;
  return error;
}

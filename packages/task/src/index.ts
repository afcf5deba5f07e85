export type { ApplyOptions } from "./binding.js";
export type { ErrorInfo, TaskLogs } from "./errors.js";
export { TaskError } from "./errors.js";
export { commonInfraFields, NON_UID_INFRA_FIELDS, RESOURCE_FIELDS, WorkdirSchema } from "./fields.js";
export { runTaskJob } from "./handler.js";
export { TaskInfra } from "./infra.js";
export type { JobArrayOptions } from "./job-array.js";
export type { TaskStatus } from "./run.js";
export { TaskJob } from "./task-job.js";

/** What is kept of an error that a job raised: enough to re-throw it faithfully later. */
export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

/** Keeps what matters of any thrown value. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

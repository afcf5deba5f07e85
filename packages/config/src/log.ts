/** Severity of a log record, from the most to the least verbose. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** One log record as handed to a {@link LogSink}. */
export interface LogRecord {
  level: Exclude<LogLevel, "silent">;
  /** Component that logged it, e.g. `storage` or `task`. */
  name: string;
  message: string;
  /** Optional structured detail (an error, a path...). */
  detail?: unknown;
}

/** Receives every record at or above the current level. */
export type LogSink = (record: LogRecord) => void;

/** A named logger: one method per level. */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function levelFromEnv(): LogLevel {
  const raw = process.env.EXCA_LOG_LEVEL;
  return raw !== undefined && raw in RANK ? (raw as LogLevel) : "warn";
}

const stderrSink: LogSink = (record) => {
  const detail = record.detail instanceof Error ? ` (${record.detail.message})` : "";
  process.stderr.write(`[exca:${record.name}] ${record.level}: ${record.message}${detail}\n`);
};

let threshold = RANK[levelFromEnv()];
let sink: LogSink = stderrSink;

/**
 * Sets the minimum level that reaches the sink.
 * @default the `EXCA_LOG_LEVEL` environment variable, else `"warn"`
 */
export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}

/** Replaces where records go (stderr by default); returns a function that restores the previous sink. */
export function setLogSink(next: LogSink): () => void {
  const previous = sink;
  sink = next;
  return () => {
    sink = previous;
  };
}

/** Returns the logger of one component; cheap enough to call at module load. */
export function getLogger(name: string): Logger {
  const emit = (level: Exclude<LogLevel, "silent">, message: string, detail?: unknown): void => {
    if (RANK[level] >= threshold) sink({ level, name, message, detail });
  };
  return {
    debug: (message, detail) => emit("debug", message, detail),
    info: (message, detail) => emit("info", message, detail),
    warn: (message, detail) => emit("warn", message, detail),
    error: (message, detail) => emit("error", message, detail),
  };
}

/** Slurm says these when the controller is busy or briefly unreachable: trying again may work. */
const TRANSIENT =
  /socket timed out|unable to contact slurm controller|resource temporarily unavailable|temporarily unable|connection refused|zero bytes were transmitted|try again/i;
const MAX_SHOWN = 300;

/** A Slurm command that failed; the message quotes the command and what it printed on stderr. */
export class SlurmCommandError extends Error {
  override name = "SlurmCommandError";
  /** The command line, as run. */
  readonly command: string;
  /** What the command printed on stderr. */
  readonly stderr: string;
  readonly exitCode: number | undefined;

  constructor(command: string, stderr: string, exitCode: number | undefined, why: string, cause: unknown) {
    super(`\`${command}\` failed (${why})${stderr === "" ? "" : `: ${stderr}`}`, { cause });
    this.command = command;
    this.stderr = stderr;
    this.exitCode = exitCode;
  }

  /** True when Slurm reports a timeout or a busy controller rather than a rejected request. */
  get transient(): boolean {
    return TRANSIENT.test(this.stderr);
  }

  /** Wraps what execa threw. */
  static of(command: string, args: readonly string[], error: unknown): SlurmCommandError {
    const failure = error as { stderr?: unknown; exitCode?: number; code?: string; timedOut?: boolean };
    const line = [command, ...args].join(" ");
    const shown = line.length > MAX_SHOWN ? `${line.slice(0, MAX_SHOWN)}...` : line;
    const stderr = typeof failure.stderr === "string" ? failure.stderr.trim() : "";
    const why =
      failure.code === "ENOENT"
        ? `${command} is not on PATH: is this a Slurm login node?`
        : failure.timedOut
          ? "timed out"
          : failure.exitCode !== undefined
            ? `exit code ${failure.exitCode}`
            : String((error as Error).message ?? error);
    return new SlurmCommandError(shown, stderr, failure.exitCode, why, error);
  }
}

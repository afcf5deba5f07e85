import { execa } from "execa";
import { SlurmCommandError } from "./errors.js";
import { slurmEnv } from "./slurm-env.js";

/** The Slurm commands this package runs. */
export type SlurmCommand = "sbatch" | "sacct" | "squeue" | "scancel" | "scontrol";

/** Runs Slurm commands (without the environment of an enclosing job) and counts the calls. */
export class SlurmCli {
  /** Calls made so far, per command. */
  readonly calls: Record<SlurmCommand, number> = { sbatch: 0, sacct: 0, squeue: 0, scancel: 0, scontrol: 0 };
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Runs `command args` (with `input` on stdin, and `env` added to the environment) and returns its stdout;
   * throws a SlurmCommandError.
   */
  async run(
    command: SlurmCommand,
    args: readonly string[],
    input?: string,
    env: Record<string, string> = {},
  ): Promise<string> {
    this.calls[command]++;
    try {
      const result = await execa(command, args, {
        env: { ...slurmEnv(), ...env },
        extendEnv: false,
        timeout: this.#timeoutMs,
        ...(input === undefined ? { stdin: "ignore" as const } : { input }),
      });
      return result.stdout;
    } catch (error) {
      throw SlurmCommandError.of(command, args, error);
    }
  }
}

/** Nothing is shown for maps that end before this (`EXCA_PROGRESS_MS` overrides both delays). */
const QUIET_MS = Number(process.env.EXCA_PROGRESS_MS ?? 1000);
/** Interval of plain progress lines when stderr is not a terminal. */
const LINE_MS = Number(process.env.EXCA_PROGRESS_MS ?? 5000);

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${s % 60}s`
      : `${s}s`;
}

/**
 * Progress of a map across all its jobs: a bar (done/total, rate, ETA) on a terminal, a plain log line
 * every few seconds otherwise; silent for maps that finish within a second, or when disabled.
 */
export class Progress {
  readonly #total: number;
  readonly #label: string;
  readonly #enabled: boolean;
  readonly #tty = process.stderr.isTTY === true;
  readonly #start = Date.now();
  #done = 0;
  #lastLine = 0;
  #drawn = false;

  constructor(total: number, label: string, enabled: boolean) {
    this.#total = total;
    this.#label = label;
    this.#enabled = enabled && total > 1;
  }

  /** Sets how many items are done. */
  update(done: number): void {
    this.#done = Math.min(done, this.#total);
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#start < QUIET_MS) return;
    if (this.#tty) this.#draw();
    else if (now - this.#lastLine >= LINE_MS) {
      this.#lastLine = now;
      process.stderr.write(`${this.#text()}\n`);
    }
  }

  /** Adds to the done count. */
  add(count = 1): void {
    this.update(this.#done + count);
  }

  #text(): string {
    const elapsed = (Date.now() - this.#start) / 1000;
    const rate = this.#done / Math.max(elapsed, 1e-3);
    const eta = (this.#total - this.#done) / rate;
    return `${this.#label}: ${this.#done}/${this.#total} (${rate.toFixed(1)}/s, ETA ${duration(eta)})`;
  }

  #draw(): void {
    const width = 24;
    const filled = Math.round((this.#done / this.#total) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.#text()}   `);
    this.#drawn = true;
  }

  /** Final state: completes the bar line. */
  finish(): void {
    if (this.#drawn) {
      this.#draw();
      process.stderr.write("\n");
    }
  }
}

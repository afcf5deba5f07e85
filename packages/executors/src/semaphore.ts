/** Limits how many jobs run at once; waiters are served in order. */
export class Semaphore {
  #free: number;
  readonly #waiters: (() => void)[] = [];

  constructor(slots: number) {
    this.#free = Math.max(1, Math.floor(slots));
  }

  /** Slots free right now. */
  get free(): number {
    return this.#free;
  }

  /** Takes a slot if one is free right now; returns its release function, or undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.#free === 0) return undefined;
    this.#free--;
    return this.#releaser();
  }

  /** Waits for a slot; returns a function that gives it back (call it once). */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next === undefined) this.#free++;
      else next();
    };
  }
}

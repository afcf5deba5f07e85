/**
 * What a map method returns: await it for every result in input order, or iterate it with `for await`
 * to get results in input order as they become available.
 */
export interface MapResult<Y> extends AsyncIterable<Y>, PromiseLike<Y[]> {}

/** Results of one call, filled as they are produced; readers wait for the next change. */
export class ResultBoard {
  readonly values = new Map<string, unknown>();
  #waiters: (() => void)[] = [];
  #failure: unknown;
  #finished = false;

  set(key: string, value: unknown): void {
    this.values.set(key, value);
    this.#wake();
  }

  finish(failure?: unknown): void {
    this.#finished = true;
    this.#failure = failure;
    this.#wake();
  }

  get finished(): boolean {
    return this.#finished;
  }

  get failure(): unknown {
    return this.#failure;
  }

  /** Resolves on the next change, or after `ms` (to poll other processes' results). */
  changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Builds the dual (awaitable, iterable) result of a call. */
export function mapResult<Y>(
  keys: readonly string[],
  board: ResultBoard,
  done: Promise<void>,
  poll: (key: string) => Promise<void>,
): MapResult<Y> {
  done.catch(() => {});
  const all = async (): Promise<Y[]> => {
    await done;
    return keys.map((key) => board.values.get(key) as Y);
  };
  return {
    // biome-ignore lint/suspicious/noThenProperty: the result is awaitable on purpose (API: `await mapper.process(items)`)
    then: (onFulfilled, onRejected) => all().then(onFulfilled, onRejected),
    async *[Symbol.asyncIterator](): AsyncGenerator<Y> {
      for (const key of keys) {
        while (!board.values.has(key)) {
          if (board.finished) {
            if (board.failure !== undefined) throw board.failure;
            await done;
            break;
          }
          await board.changed(250);
          if (!board.values.has(key)) await poll(key);
        }
        yield board.values.get(key) as Y;
      }
    },
  };
}

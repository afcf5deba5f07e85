import { type KeyPositions, keyPositions } from "./key-positions.js";

/**
 * What a map method returns: await it for every result in input order, or iterate it with `for await`
 * to get results in input order as they become available.
 */
export interface MapResult<Y> extends AsyncIterable<Y>, PromiseLike<Y[]> {}

/**
 * Results of one call, filled as they are produced; readers wait for the next change. Results sit in an
 * array aligned with the call's distinct keys, not in a Map keyed by them: at 1M items, each Map insert or
 * lookup cost ~0.6 µs (a table far larger than the CPU caches) and the Map 38 bytes per item.
 */
export class ResultBoard {
  /** The call's distinct keys, in first-seen order; position i holds the result of keys[i]. */
  readonly keys: readonly string[];
  /** Allocated on the first result, unless {@link ResultBoard.adopt} hands over a full array first. */
  #values: unknown[] | undefined;
  readonly #filled: Uint8Array;
  #count = 0;
  /** Key → position, given by the caller or built on the first lookup by key. */
  #positions: KeyPositions | undefined;
  #waiters: (() => void)[] = [];
  #failure: unknown;
  #finished = false;

  constructor(keys: readonly string[], positions?: KeyPositions) {
    this.keys = keys;
    this.#filled = new Uint8Array(keys.length);
    this.#positions = positions;
  }

  /** Results on the board so far. */
  get size(): number {
    return this.#count;
  }

  /** The position of a key of the call. */
  positionOf(key: string): number {
    this.#positions ??= keyPositions(this.keys);
    const position = this.#positions.get(key);
    if (position < 0) throw new Error(`map: ${JSON.stringify(key)} is not an item of this call`);
    return position;
  }

  /**
   * {@link ResultBoard.positionOf}, trying `guess` first (the same string object, or an equal one, at that
   * position). Lists of a call's keys (what is missing, what this process claimed) keep the call's order, so
   * the position after the last one is usually right: at 10M keys, each lookup in the key table was a cache
   * miss, and finding the positions of a cold map's keys took 2.7 s against 0.1 s at 1M (CPU profiles).
   */
  positionNear(key: string, guess: number): number {
    return this.keys[guess] === key ? guess : this.positionOf(key);
  }

  hasAt(position: number): boolean {
    return this.#filled[position] === 1;
  }

  getAt(position: number): unknown {
    return this.#values?.[position];
  }

  setAt(position: number, value: unknown): void {
    if (this.#filled[position] === 0) {
      this.#filled[position] = 1;
      this.#count++;
    }
    this.#values ??= new Array<unknown>(this.keys.length);
    this.#values[position] = value;
    this.#wake();
  }

  /**
   * Takes `values` (by position, one per key) as the board's results, when it has none yet: the first
   * read of a call's results then fills no second array (8 MB at 1M items, at the peak of a warm read).
   */
  adopt(values: unknown[]): void {
    if (this.#count !== 0 || values.length !== this.keys.length)
      throw new Error(
        `map: cannot adopt ${values.length} results on a board of ${this.keys.length} with ${this.#count}`,
      );
    this.#values = values;
    this.#filled.fill(1);
    this.#count = values.length;
    this.#wake();
  }

  set(key: string, value: unknown): void {
    this.setAt(this.positionOf(key), value);
  }

  /** A copy of the results, by position. */
  all(): unknown[] {
    return this.#values?.slice() ?? new Array<unknown>(this.keys.length);
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

/**
 * Builds the dual (awaitable, iterable) result of a call; `order` gives the board position of each input
 * item when some repeat (else input i is position i).
 */
export function mapResult<Y>(
  order: Int32Array | undefined,
  board: ResultBoard,
  done: Promise<void>,
  poll: (position: number) => Promise<void>,
): MapResult<Y> {
  done.catch(() => {});
  const all = async (): Promise<Y[]> => {
    await done;
    if (order === undefined) return board.all() as Y[];
    return Array.from(order, (position) => board.getAt(position) as Y);
  };
  const length = order?.length ?? board.keys.length;
  return {
    // biome-ignore lint/suspicious/noThenProperty: the result is awaitable on purpose (API: `await mapper.process(items)`)
    then: (onFulfilled, onRejected) => all().then(onFulfilled, onRejected),
    async *[Symbol.asyncIterator](): AsyncGenerator<Y> {
      for (let i = 0; i < length; i++) {
        const position = order === undefined ? i : order[i]!;
        while (!board.hasAt(position)) {
          if (board.finished) {
            if (board.failure !== undefined) throw board.failure;
            await done;
            break;
          }
          await board.changed(250);
          if (!board.hasAt(position)) await poll(position);
        }
        yield board.getAt(position) as Y;
      }
    },
  };
}

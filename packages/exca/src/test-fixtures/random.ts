// A small seeded generator for fuzzing: a failure prints its seed, and the same seed replays it.

/** Random choices drawn from one seed. */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** A mulberry32 generator; the seed defaults to `EXCA_FUZZ_SEED`, else the clock. */
export function seeded(seed = Number(process.env.EXCA_FUZZ_SEED ?? Date.now() % 2 ** 31)): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    pick: <T>(list: readonly T[]): T => list[int(list.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** Strings that break naive code: empty, huge, traversal, NUL, control characters, unicode, lone surrogates. */
export const NASTY_STRINGS: readonly string[] = [
  "",
  " ",
  ".",
  "..",
  "../..",
  "../../etc/passwd",
  "/etc/passwd",
  "a/b\\c",
  "nul\0byte",
  "line\nbreak\ttab\r",
  "ünïcødé 🎉 中文",
  "\u202etxt.exe",
  "\ud800",
  "CON",
  "x".repeat(300),
  "y".repeat(100_000),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, on purpose
  "${process.exit(1)}",
  "!!js/function 'x'",
  "%s%n%x",
  "__proto__",
];

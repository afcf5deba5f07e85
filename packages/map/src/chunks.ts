/**
 * Splits items into jobs as exca does: `splits = min(maxChunks, ceil(n / minItems))` chunks of
 * `ceil(n / splits)` items (the last may be shorter). `maxChunks` undefined means no limit.
 */
export function toChunks<T>(items: readonly T[], maxChunks: number | undefined, minItems: number): T[][] {
  const n = items.length;
  if (n === 0) return [];
  const splits = Math.min(maxChunks ?? n, Math.ceil(n / Math.max(1, minItems)));
  const per = Math.ceil(n / splits);
  const chunks: T[][] = [];
  for (let start = 0; start < n; start += per) chunks.push(items.slice(start, start + per));
  return chunks;
}

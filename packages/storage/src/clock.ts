let last = 0;

/**
 * Microseconds since the epoch, strictly increasing within the process: two records written one after the
 * other in one process never share a timestamp, so "the later one wins" is well defined.
 */
export function nextTimestamp(): number {
  const now = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  last = now > last ? now : last + 1;
  return last;
}

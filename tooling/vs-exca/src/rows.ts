// One scenario's figures, in bench.py's JSON-line format, so both sides' lines read the same way.
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** One JSON line: bench.py's fields (`mb_per_s` for arrays), plus peak RSS and disk size for the scale rows. */
export interface Row {
  scenario: string;
  n: number;
  seconds: number | null;
  per_item_us: number | null;
  mb_per_s?: number;
  peak_rss_mb?: number;
  disk_mb?: number;
  notes: string;
}

/** Options of {@link rowOf}. */
export interface RowExtra {
  /** Payload bytes of one run, to report MB/s. */
  bytes?: number;
  peakRssMb?: number;
  diskMb?: number;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** A row from one timing of `n` items. */
export function rowOf(
  scenario: string,
  n: number,
  seconds: number,
  notes: string,
  extra: RowExtra = {},
): Row {
  const ok = Number.isFinite(seconds);
  const row: Row = {
    scenario,
    n,
    seconds: ok ? round(seconds, 6) : null,
    per_item_us: ok && n > 0 ? round((seconds / n) * 1e6, 3) : null,
    notes,
  };
  if (ok && extra.bytes !== undefined) row.mb_per_s = round(extra.bytes / 1e6 / seconds, 2);
  if (extra.peakRssMb !== undefined) row.peak_rss_mb = round(extra.peakRssMb, 1);
  if (extra.diskMb !== undefined) row.disk_mb = round(extra.diskMb, 1);
  return row;
}

/** Files, folders and bytes under a folder (bench.py's folder_stats). */
export function folderStats(folder: string): { bytes: number; text: string } {
  let files = 0;
  let dirs = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        dirs++;
        walk(path);
      } else {
        files++;
        bytes += lstatSync(path).size;
      }
    }
  };
  walk(folder);
  return { bytes, text: `${files} files/${dirs} dirs/${(bytes / 1e6).toFixed(2)} MB on disk` };
}

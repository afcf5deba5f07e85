#!/usr/bin/env python3
"""exca-py 0.5.27 at scale, through its public API only: N small items (a float each) mapped cold by
MapInfra, then read back in a fresh process (this file again, `--child`), with each process's peak RSS
and the size of the cache folder. Twin of the scale rows of `pnpm bench:vs-exca`; bench.py's JSON lines.

Usage: python3 scale_bench.py --root /tmp/fresh-empty-dir [--n 1000000]
"""

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
import typing as tp
from pathlib import Path

import pydantic

import exca

logging.getLogger("exca").setLevel(logging.WARNING)


class SmallMap(pydantic.BaseModel):
    """As bench.py's SmallMap: one small float per int item"""

    coeff: float = 0.5
    infra: exca.MapInfra = exca.MapInfra(version="1")

    @infra.apply(item_uid=str)
    def process(self, items: tp.Sequence[int]) -> tp.Iterator[float]:
        for item in items:
            yield item * self.coeff


def peak_rss_mb() -> float:
    """VmHWM: getrusage's ru_maxrss keeps the parent's peak across fork and exec (a child then reports at
    least its parent's peak)"""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(folder: Path, n: int) -> float:
    t0 = time.perf_counter()
    out = list(SmallMap(infra={"folder": folder, "cluster": None}).process(range(n)))
    secs = time.perf_counter() - t0
    assert out[10] == 5.0 and len(out) == n
    return secs


def disk_mb(folder: Path) -> float:
    total = 0
    for base, _, files in os.walk(folder):
        total += sum(os.lstat(os.path.join(base, f)).st_size for f in files)
    return total / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    folder = args.root / "scale"
    if args.child:
        secs = run(folder, args.n)
        print(json.dumps({"seconds": secs, "peak_rss_mb": peak_rss_mb()}), flush=True)
        return
    cold = run(folder, args.n)
    cold_rss = peak_rss_mb()
    child = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--root", str(args.root),
                            "--n", str(args.n)], stdout=subprocess.PIPE, text=True, check=True)
    warm = json.loads(child.stdout.strip().splitlines()[-1])
    size = disk_mb(folder)
    for scenario, secs, rss in (("scale_cold", cold, cold_rss), ("scale_warm", warm["seconds"], warm["peak_rss_mb"])):
        print(json.dumps({"scenario": scenario, "n": args.n, "seconds": round(secs, 6),
                          "per_item_us": round(secs / args.n * 1e6, 3), "peak_rss_mb": round(rss, 1),
                          "disk_mb": round(size, 1), "notes": f"{args.n} floats, MapInfra cluster=None"}), flush=True)


if __name__ == "__main__":
    main()

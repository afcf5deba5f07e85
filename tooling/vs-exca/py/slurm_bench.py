#!/usr/bin/env python3
"""exca-py 0.5.27 on the local Slurm cluster, through its public API only (TaskInfra cluster="slurm").

Twin of the TypeScript Slurm rows of `pnpm bench:vs-exca`: one trivial task submitted to its result, then
a job array of 40 trivial tasks submitted to all results. Prints one JSON line per scenario (bench.py's
format) on stdout.

Usage: python3 slurm_bench.py --root /tmp/fresh-empty-dir
"""

import argparse
import json
import logging
import time
import typing as tp
from pathlib import Path

import pydantic

import exca

logging.getLogger("exca").setLevel(logging.WARNING)
N_ARRAY = 40


class SlurmTask(pydantic.BaseModel):
    """A trivial task, as bench.py's LocalTask, run on Slurm"""

    param: int = 0
    infra: exca.TaskInfra = exca.TaskInfra(version="1")

    @infra.apply
    def process(self) -> dict[str, tp.Any]:
        return {"param": self.param}


def emit(scenario: str, n: int, seconds: float, notes: str) -> None:
    rec = {"scenario": scenario, "n": n, "seconds": round(seconds, 6),
           "per_item_us": round(seconds / n * 1e6, 3), "notes": notes}
    print(json.dumps(rec), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    args = parser.parse_args()
    folder = args.root / "slurm"
    infra = {"folder": folder, "cluster": "slurm"}
    task = SlurmTask(param=1, infra=infra)
    t0 = time.perf_counter()
    out = task.process()  # submits one sbatch job, blocks until its result is read
    one = time.perf_counter() - t0
    assert out == {"param": 1}
    emit("slurm_one", 1, one, "TaskInfra(cluster='slurm'): process() of a trivial task, submit to result")
    objs = [SlurmTask(param=100 + i, infra=infra) for i in range(N_ARRAY)]
    t0 = time.perf_counter()
    with objs[0].infra.job_array() as array:
        array.extend(objs)
    outs = [o.process() for o in objs]
    secs = time.perf_counter() - t0
    assert [x["param"] for x in outs] == [o.param for o in objs]
    emit("slurm_array", N_ARRAY, secs, f"infra.job_array() of {N_ARRAY} trivial tasks, submit to all results")


if __name__ == "__main__":
    main()

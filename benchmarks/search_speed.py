"""`medsegcite search` as a whole process on the shipped store (target: under 150 ms).

Times several queries (words, a typo, a DOI, a category filter), each a fresh
process, after one warm-up run that builds the cached index (see
medsegcite/bib/search.py); also times the first search after a store change
(index rebuilt) and a bare `python -c "import click"` for the machine's floor.
Run:  python benchmarks/search_speed.py [--runs 20] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = (
    ["hdense", "unet"],
    ["segmnetation", "livr", "2018"],
    ["10.1109/tmi.2018.2845918"],
    ["attention", "--category", "Lung"],
)


CPU: list[float] = []  # CPU seconds (user + system) of each timed process, for a machine busy with other work


def _time(cmd: list[str], runs: int, env: dict) -> list[float]:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)  # warm the file and index caches
    times = []
    CPU.clear()
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    exe = shutil.which("medsegcite")
    tool = [exe] if exe else [sys.executable, "-m", "medsegcite"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MEDSEGCITE_CACHE": cache}
        floor = statistics.median(_time([sys.executable, "-c", "import click"], args.runs, env))
        print(f"store: {args.data / 'references.bib'}; os.getloadavg(): {os.getloadavg()[0]:.2f}")
        print(f"floor: python -c 'import click'       median {floor * 1000:6.1f} ms  (CPU {statistics.median(CPU) * 1000:.1f} ms)")
        medians = []
        for query in QUERIES:
            times = _time([*tool, "--data", str(args.data), "search", *query], args.runs, env)
            medians.append(statistics.median(times))
            print(f"search {' '.join(query):<28} median {medians[-1] * 1000:6.1f} ms  (min {min(times) * 1000:.1f}; CPU {statistics.median(CPU) * 1000:.1f} ms)")
        cold = []
        for _ in range(3):
            shutil.rmtree(cache)
            start = time.perf_counter()
            subprocess.run([*tool, "--data", str(args.data), "search", "liver"], check=True, stdout=subprocess.DEVNULL, env=env)
            cold.append(time.perf_counter() - start)
        print(f"first search after a store change (index rebuilt): median {statistics.median(cold) * 1000:.0f} ms")
        worst = max(medians)
        print(f"slowest query median {worst * 1000:.1f} ms (target < 150 ms) over {args.runs} runs each")


if __name__ == "__main__":
    main()

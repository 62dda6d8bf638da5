"""Start-up cost of `medsegcite export --format bibtex` against a bare bibtexparser parse,
and of the other read-only commands against that export.

All are whole processes on the same data: the targets are ratios of at most 1.5 (export
against the bare parse; status and review against export).  The others are shown beside.
Run:  python benchmarks/startup.py [--runs 30] [--data DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the file cache (and search's index)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # check exits 1 on findings
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    store = args.data / "references.bib"
    exe = shutil.which("medsegcite")
    tool = [exe] if exe else [sys.executable, "-m", "medsegcite"]
    bare = [sys.executable, "-c", f"import bibtexparser; bibtexparser.parse_file({str(store)!r})"]
    ours = [*tool, "--data", str(args.data), "export", "--format", "bibtex"]

    bare_times, our_times = _time(bare, args.runs), _time(ours, args.runs)
    bare_median, our_median = statistics.median(bare_times), statistics.median(our_times)
    print(f"store: {store} ({store.stat().st_size} bytes)")
    print(f"bare bibtexparser.parse_file   median {bare_median * 1000:7.1f} ms  (min {min(bare_times) * 1000:.1f})")
    print(f"medsegcite export --format bibtex median {our_median * 1000:7.1f} ms  (min {min(our_times) * 1000:.1f})")
    print(f"ratio {our_median / bare_median:.2f} (target <= 1.5) over {args.runs} runs each")
    for command, target in ((["status"], " (target <= 1.5)"), (["review"], " (target <= 1.5)"), (["categories"], ""),
                            (["stats"], ""), (["check"], ""), (["search", "unet"], "")):
        times = _time([*tool, "--data", str(args.data), *command], args.runs)
        median = statistics.median(times)
        print(f"medsegcite {' '.join(command):<22} median {median * 1000:7.1f} ms, {median / our_median:.2f}x export{target}")


if __name__ == "__main__":
    main()

"""Instructions per rendered record: a render-cost figure that a loaded machine does not move.

Counts the instructions of `render.bibliography` on the synthetic records of
render_speed.py at two sizes under valgrind's cachegrind, on one core, and prints the
difference divided by the difference in records (the fixed costs of start-up, imports and
the style's parse cancel out). For a figure that repeats, the bytecode is compiled first,
the store's parse and items are read from a private cache warmed before counting, and the
hash seed is fixed. Takes about half a minute.
Run:  python benchmarks/render_instructions.py [--style ieee] [--sizes 200,600]
(needs valgrind; `taskset` if present)
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JOB = """
import sys
sys.path.insert(0, 'benchmarks')
from render_speed import synthetic
from medsegcite.csl import render
items = synthetic(int(sys.argv[1]))
if len(sys.argv) > 2:
    render.bibliography(items, render.find_style(sys.argv[2]))
"""


def counted(records: int, style: str, env: dict) -> int:
    """Instructions of one whole process rendering `records` records."""
    prefix = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    done = subprocess.run([*prefix, "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, "-c", JOB, str(records), style], capture_output=True, text=True, cwd=ROOT, env=env)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"render_instructions: cachegrind run failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--style", default="ieee")
    parser.add_argument("--sizes", default="200,600", help="two record counts (default 200,600)")
    args = parser.parse_args()
    try:
        small, large = sorted(int(size) for size in args.sizes.split(","))
    except ValueError:
        raise SystemExit("render_instructions: --sizes takes two whole numbers, e.g. 200,600") from None
    if small == large or small < 1:
        raise SystemExit("render_instructions: --sizes takes two different positive numbers")
    if not shutil.which("valgrind"):
        raise SystemExit("render_instructions: needs valgrind (apt-get install valgrind)")
    compileall.compile_dir(str(ROOT / "medsegcite"), quiet=1)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONHASHSEED": "0", "MEDSEGCITE_CACHE": cache, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", JOB, "5"], check=True, cwd=ROOT, env=env)  # (warm the cache)
        low, high = counted(small, args.style, env), counted(large, args.style, env)
    print(f"{args.style}: {low:,} instructions for {small} records, {high:,} for {large}: "
          f"{(high - low) / (large - small) / 1e6:.2f} M per record")


if __name__ == "__main__":
    main()

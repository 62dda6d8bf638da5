"""Reading a curated list: `medsegcite categories` as a whole process, and `parse_list`
alone, on generated lists of growing size (target: 20,000 sections in under 2 s).

Each generated list is in the shipped list's shape (`# Section`, `### Category`,
`#### Sub-category`, `- [Title]  [[label]](link)` items, an empty placeholder now
and then), or with `--shape awesome` in the common awesome-list shape (`##`
headings, `* [Title](https://doi.org/...)`, bold titles with `[[code]]` links, a
table per hundred sections).  Prints, per size, the median of the runs and the
growth against the previous size (linear work: time grows as the sections do).
`parse_list s` is wall time and `(CPU s)` the process's CPU time of the same
work (on a machine shared with other work, the CPU time is the steadier figure).
Run:  python benchmarks/list_parse.py [--sections 1000,5000,20000] [--runs 3] [--shape shipped|awesome] [--items 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(sections: int, shape: str = "shipped", items: int = 2) -> str:
    """A list of `sections` categories, `items` papers each (one paper in two places per ten)."""
    lines = ["# A generated list", "", "## Overview", "", "- [Section 0](#section-0)", ""]
    for s in range(sections):
        title = [f"Paper {s}.{i} on deep segmentation of organ {s % 97}" for i in range(items)]
        if shape == "shipped":
            if s % 10 == 0:
                lines.append(f"# Section {s // 10} :")
            lines.append(f"  ### Category {s}" if s % 3 else f"#### Sub-category {s}")
            lines += [f"- [{t}]  [[scholar]](https://scholar.google.com/scholar?q=paper+{s}+{i})" for i, t in enumerate(title)]
            if s % 50 == 0:
                lines.append("- [] [[]]()")
        else:
            if s % 10 == 0:
                lines.append(f"## Section {s // 10}")
            lines.append(f"### Category {s}")
            if s % 100 == 99:
                lines += ["", "| Title | Venue | Links |", "|---|---|---|"]
                lines += [f"| {t} | MICCAI 2020 | [paper](https://doi.org/10.1000/{s}.{i}) |" for i, t in enumerate(title)]
                lines.append("")
            else:
                lines.append(f"* [{title[0]}](https://doi.org/10.1000/{s}.0)")
                lines += [f"- **{t}** (MICCAI 2020) [[paper]](https://arxiv.org/abs/2001.{s % 10000:05d}) [[code]](https://github.com/x/{s})"
                          for t in title[1:]]
        if s % 10 == 5:
            lines.append(f"- [{title[0]}]  [[again]](https://example.org/{s})")  # listed twice
    return "\n".join(lines) + "\n"


def _median(seconds: list[float]) -> float:
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default="1000,5000,20000", help="comma-separated list sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", choices=("shipped", "awesome"), default="shipped")
    parser.add_argument("--items", type=int, default=2, help="papers per section")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from medsegcite.listing.catalog import parse_list

    print(f"{'sections':>9} {'items':>7} {'papers':>7} {'MB':>6} {'parse_list s':>13} {'(CPU s)':>8} {'categories s':>13} {'(CPU s)':>8} {'growth':>7}")
    previous = None
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(n) for n in args.sections.split(",")):
            text = generate(size, args.shape, args.items)
            Path(folder, "list.md").write_text(text)
            parse, cpu = [], []
            for _ in range(args.runs):
                started, used = time.perf_counter(), time.process_time()
                catalog = parse_list(text)
                for node in catalog.nodes():
                    catalog.papers_under(node)
                parse.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
            whole, whole_cpu = [], []
            for _ in range(args.runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "medsegcite", "--data", folder, "categories"], check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
                whole.append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                whole_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            growth = f"{_median(whole) / previous[1] / (size / previous[0]):.2f}" if previous else "-"
            print(f"{size:>9} {len(catalog.items):>7} {len(catalog.papers):>7} {len(text.encode()) / 1e6:>6.1f} "
                  f"{_median(parse):>13.2f} {_median(cpu):>8.2f} {_median(whole):>13.2f} {_median(whole_cpu):>8.2f} {growth:>7}")
            previous = (size, _median(whole))
    print("growth: the time per section against the previous size (1.00 = linear)")


if __name__ == "__main__":
    main()

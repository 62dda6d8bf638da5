"""Render speed: the whole list in one style, and 10,000 synthetic records side by side
with citeproc-js (the reference CSL processor), each as a whole process.

Targets: the 98 papers in under 1 s (the store's CSL items cached, as from the second
render of an unchanged store on; the first is printed too); 10,000 records in no more time than citeproc-js, on
every core the machine gives and on one (the one-core figure runs both engines under
`taskset -c 0`). Besides wall-clock time, each run's CPU time (user + system, children
included) is printed: on a machine loaded by other work it is the steadier figure.
Run:  python benchmarks/render_speed.py [--records 10000] [--style ieee] [--runs 3]
(needs node and `npm ci --prefix tests/citeproc_js`; the one-core figure needs `taskset`)
"""

from __future__ import annotations

import argparse
import json
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
sys.path.insert(0, str(ROOT))

OURS = """
import json, sys
from medsegcite.csl import render
job = json.load(open(sys.argv[1]))
entries = render.bibliography(job["items"], render.find_style(job["style"]))
sys.stdout.write("\\n".join(text for _key, text in entries))
"""


def synthetic(count: int) -> list[dict]:
    """`count` records made from the store's: each copy gets its own id and title."""
    from medsegcite.bib import export
    from medsegcite.bib import store

    base = export.csl_items(store.load(ROOT / "data" / "references.bib"))
    items = []
    for number in range(count):
        item = json.loads(json.dumps(base[number % len(base)]))
        item["id"] = f"{item['id']}-{number}"
        item["title"] = f"{item.get('title', '')} ({number})"
        items.append(item)
    return items


def timed(cmd: list[str], stdin: str | None = None, env: dict | None = None) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one whole process and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(label: str, prefix: list[str], job_path: Path, oracle_job: str, args) -> None:
    ours_runs, theirs_runs = [], []
    for _ in range(args.runs):  # alternate, so load on the machine hits both alike
        ours_runs.append(timed([*prefix, sys.executable, "-c", OURS, str(job_path)]))
        theirs_runs.append(timed([*prefix, "node", str(ROOT / "tests" / "citeproc_js" / "render.js")], oracle_job))
    ours, theirs = (statistics.median(w for w, _ in ours_runs), statistics.median(w for w, _ in theirs_runs))
    ours_cpu, theirs_cpu = (statistics.median(c for _, c in ours_runs), statistics.median(c for _, c in theirs_runs))
    print(
        f"{args.records} records in {args.style}, {label}, median of {args.runs}: medsegcite {ours:.2f} s, "
        f"citeproc-js {theirs:.2f} s, ratio {ours / theirs:.2f} (target <= 1); "
        f"CPU time {ours_cpu:.2f} s vs {theirs_cpu:.2f} s, ratio {ours_cpu / theirs_cpu:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--style", default="ieee")
    parser.add_argument("--runs", type=int, default=3, help="runs of each engine, alternating; medians compared")
    args = parser.parse_args()
    import citeproc

    from medsegcite.csl import render

    # As installed (pip compiles the bytecode): without this, a source checkout run with
    # PYTHONDONTWRITEBYTECODE set compiles every module again in each process.
    import compileall

    compileall.compile_dir(str(ROOT / "medsegcite"), quiet=1)
    with tempfile.TemporaryDirectory() as cache:  # the store's CSL items: converted (cold), then cached (warm)
        whole = [sys.executable, "-m", "medsegcite", "render", "--style", args.style]
        env = {**os.environ, "MEDSEGCITE_CACHE": cache}
        cold, cold_cpu = timed(whole, env=env)
        warm, warm_cpu = timed(whole, env=env)
    print(f"whole list (98 papers, every category) in {args.style}: {warm:.2f} s, CPU time {warm_cpu:.2f} s (target < 1 s); "
          f"with the store's items not yet cached {cold:.2f} s, CPU time {cold_cpu:.2f} s")

    items = synthetic(args.records)
    style = render.find_style(args.style)
    locales = Path(citeproc.__file__).parent / "data" / "locales"
    with tempfile.TemporaryDirectory() as tmp:
        job_path = Path(tmp) / "job.json"
        job_path.write_text(json.dumps({"items": items, "style": args.style}))
        oracle_job = json.dumps(
            {
                "style": Path(style.path).read_text(encoding="utf-8"),
                "locales": {p.stem[len("locales-") :]: p.read_text(encoding="utf-8") for p in locales.glob("locales-*.xml")},
                "items": items,
            }
        )
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        compare(f"{cores} cores", [], job_path, oracle_job, args)
        if shutil.which("taskset") and cores > 1:
            compare("one core", ["taskset", "-c", "0"], job_path, oracle_job, args)


if __name__ == "__main__":
    main()

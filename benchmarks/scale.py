"""Cost against the size of the list: 1,000 / 10,000 / 100,000 papers in the shipped list's shape.

Each list is generated like data/list.md (`# Section :` over `  ### Category`, about a
dozen `- [Title]  [[label]](link)` items per category, an empty placeholder now and
then, a paper listed under two categories now and then), titles drawn from the shipped
titles' words.  Its store is made by `sync` and then given the shipped store's
resolved records (authors, venues, DOIs made unique), so it looks like a resolved store.
Each command is a whole process (`python -m medsegcite` of this checkout), timed (wall and
CPU: user + system, forked workers included) with its peak memory (`/usr/bin/time`'s
maximum resident set size):

- categories; sync cold (no store), unchanged (the first after the store was written by
  another command, as after a resolve), again (as that sync left both), with one paper
  added; export (BibTeX);
  search; status; review; render text and html (CSL items cached, as from the second
  render of a store on);
- `bare parse`: `python -c "import bibtexparser; bibtexparser.parse_file(store)"`, the
  floor sync is measured against.

The ratios the targets name (on 10,000 papers) are printed under each size, of CPU time
(the steadier figure on a shared machine), and the growth per decade (CPU time at this size
over that at a tenth of it; 10 is linear) beside each figure.  A render above `--render-max` papers is sampled: the categories holding about
that many papers are rendered and the time scaled by the share of papers (said so).
Run:  python benchmarks/scale.py [--papers 1000,10000,100000] [--render-max 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_CATEGORY = 12
CATEGORIES_PER_SECTION = 8
LABELS = ("scholar", "springer", "sciencedirect", "ieee", "arxiv", "Nature")


def _words() -> list[str]:
    text = (ROOT / "data" / "list.md").read_text(encoding="utf-8")
    titles = re.findall(r"^- \[([^\]]+)\]", text, re.MULTILINE)
    return sorted({w for t in titles for w in t.split() if w.isascii() and w.isalpha()})


def generate_list(papers: int, seed: int = 7) -> tuple[str, list[str]]:
    """The list's Markdown and its distinct titles, in list order."""
    rng = random.Random(seed)
    words = _words()
    lines = ["# A generated list", "A curated list in the shipped list's shape.", "", "## Overview", "",
             "- [Section 0](#Section-0)", "", "# Review", ""]
    titles: list[str] = []
    seen: set[str] = set()
    category = 0
    while len(titles) < papers:
        if category % CATEGORIES_PER_SECTION == 0:
            lines.append(f"# Section {category // CATEGORIES_PER_SECTION} :")
        lines.append(f"  ### Category {category}")
        for _ in range(min(PER_CATEGORY, papers - len(titles))):
            while True:
                title = " ".join(rng.sample(words, rng.randint(7, 14))).capitalize()
                if title.casefold() not in seen:
                    break
            seen.add(title.casefold())
            titles.append(title)
            label = rng.choice(LABELS)
            query = "+".join(title.split())
            link = (f"https://scholar.google.com/scholar?hl=ar&q={query}&btnG=" if label == "scholar"
                    else f"https://example.org/{label}/{len(titles)}")
            lines.append(f"- [{title}]  [[{label}]]({link}) ")
        if category % 25 == 3:
            lines.append("- [] [[]]()")
        if category % 10 == 5 and len(titles) > 20:
            lines.append(f"- [{titles[-15]}]  [[again]](https://example.org/again/{category}) ")  # listed twice
        category += 1
    return "\n".join(lines) + "\n", titles


class Refused(Exception):
    """The command refused the data with one line (a file over the size limit, ...)."""


def _run(tool: list[str], args: list[str], env: dict) -> tuple[float, float, int]:
    """(seconds, CPU seconds, peak resident MB) of one whole process (its forked workers' CPU included)."""
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-q", "-f", "%U %S %M", "-o", report.name, *tool, *args], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        errors = [line for line in done.stderr.splitlines() if line.startswith("medsegcite: error:")]
        if done.returncode not in (0, 3) and (done.returncode != 1 or errors and "cited key" not in errors[0]):
            raise Refused(errors[0] if errors else f"exit {done.returncode}: {done.stderr[-300:]}")
        user, system, peak = report.read().split()[-3:]
        return seconds, float(user) + float(system), int(peak) // 1024


def resolved_store(folder: Path, tool, env) -> None:
    """`sync` the list, then give each entry one of the shipped store's records (DOIs made unique)."""
    sys.path.insert(0, str(ROOT))
    from medsegcite.bib import store
    from medsegcite.bib.keys import base_key, unique_key

    os.environ["MEDSEGCITE_CACHE"] = env["MEDSEGCITE_CACHE"]  # this process's writes use the commands' cache, as a resolve's do
    subprocess.run([*tool, "--data", str(folder), "-q", "sync"], env=env, check=True, stdout=subprocess.DEVNULL)
    shipped = [e for e in store.load(ROOT / "data" / "references.bib") if e.state in ("resolved", "manual")]
    entries = store.load(folder / "references.bib")
    taken: set[str] = set()
    for number, entry in enumerate(entries):
        if number % 10 == 9:  # one in ten stays title-only, as in the shipped store
            taken.add(entry.key.casefold())
            continue
        model = shipped[number % len(shipped)]
        fields = {k: v for k, v in model.fields.items() if k not in ("title", "keywords")}
        if "doi" in fields:
            fields["doi"] = f"{fields['doi']}.{number}"
        family = re.split(r"[,\s]", fields.get("author", "x"))[0]
        entry.key = unique_key(base_key(entry.meta["list-title"], family, fields.get("year")), taken)
        taken.add(entry.key.casefold())
        entry.entry_type = model.entry_type
        entry.apply({**fields, "title": entry.meta["list-title"], "keywords": entry.fields.get("keywords", "")})
        entry.meta.update(state="resolved", source="crossref", score="1.000")
    store.save(folder / "references.bib", entries)


def _growth(now: float, before: float | None) -> str:
    return f"x{now / before:5.1f}" if before else "     -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", default="1000,10000,100000", help="comma-separated list sizes")
    parser.add_argument("--render-max", type=int, default=20000, help="render at most about this many papers (else sampled)")
    parser.add_argument("--keep", type=Path, help="keep the generated data folders here")
    args = parser.parse_args()
    tool = [sys.executable, "-m", "medsegcite"]  # this checkout's code (PYTHONPATH below), installed or not
    work = Path(tempfile.mkdtemp(prefix="medsegcite-scale-")) if args.keep is None else args.keep
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2-core machine; figures are one run each)")
    previous: dict[str, float] = {}
    for size in (int(n) for n in args.papers.split(",")):
        folder = work / f"papers-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        env = {**os.environ, "MEDSEGCITE_CACHE": str(folder / ".cache"), "PYTHONPATH": str(ROOT)}
        text, titles = generate_list(size)
        (folder / "list.md").write_text(text, encoding="utf-8")
        rows: dict[str, tuple[float, float, int, str]] = {}
        print(f"\n{size:,} papers ({len(text.encode()) / 1e6:.1f} MB list):")
        print(f"  {'':<16} {'seconds':>8} {'CPU s':>8} {'growth':>7} {'peak MB':>8}", flush=True)

        def show(name, seconds, cpu, peak, note=""):
            rows[name] = (seconds, cpu, peak, note)
            print(f"  {name:<16} {seconds:>8.2f} {cpu:>8.2f} {_growth(cpu, previous.get(name)):>7} {peak:>8}  {note}", flush=True)
            previous[name] = cpu

        def timed(name, *command, note=""):
            try:
                show(name, *_run(tool, ["--data", str(folder), *command], env), note)
            except Refused as refusal:  # said, and the rest measured
                print(f"  {name:<16} refused: {refusal}", flush=True)

        timed("categories", "categories")
        timed("sync cold", "sync")
        resolved_store(folder, tool, env)
        bib = folder / "references.bib"
        show("bare parse", *_run([sys.executable, "-c", f"import bibtexparser; bibtexparser.parse_file({str(bib)!r})"], [], env),
             f"{bib.stat().st_size / 1e6:.1f} MB store")
        timed("sync unchanged", "sync")  # the first after the store was written by another command (resolve)
        timed("sync again", "sync")  # the list and the store as that sync left them
        with open(folder / "list.md", "a", encoding="utf-8") as handle:
            handle.write("- [A paper added at the end of the generated list]  [[scholar]](https://example.org/added) \n")
        timed("sync one added", "sync")
        timed("export", "export", "--format", "bibtex")
        timed("search", "search", "segmentation", "of", "liver", "tumours")
        timed("status", "status")
        timed("review", "review")
        # The store's CSL items are cached on the first render of a store: warm that cache
        # with one small category, so text and html are timed alike.
        subprocess.run([*tool, "--data", str(folder), "-q", "render", "--category", "Category 0"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        render_args, note, scale = [], "", 1.0
        if size > args.render_max:
            sections = max(1, args.render_max // (PER_CATEGORY * CATEGORIES_PER_SECTION))
            render_args = [arg for s in range(sections) for arg in ("--category", f"Section {s}")]
            scale = size / (sections * PER_CATEGORY * CATEGORIES_PER_SECTION)
            note = f"sampled: {sections} sections, time x{scale:.1f}"
        for fmt in ("text", "html"):
            try:
                seconds, cpu, peak = _run(tool, ["--data", str(folder), "render", "--format", fmt, *render_args], env)
                show(f"render {fmt}", seconds * scale, cpu * scale, peak, note)
            except Refused as refusal:
                print(f"  {'render ' + fmt:<16} refused: {refusal}", flush=True)
        if len(rows) < 12:
            continue
        ratio = lambda a, b: rows[a][1] / rows[b][1]  # noqa: E731
        print(f"  ratios of CPU time: sync unchanged / bare parse {ratio('sync unchanged', 'bare parse'):.2f} (target <= 1.5), "
              f"sync again / bare parse {ratio('sync again', 'bare parse'):.2f}, "
              f"sync cold / bare parse {ratio('sync cold', 'bare parse'):.2f} (<= 4), status / export "
              f"{ratio('status', 'export'):.2f} (<= 1.5), review / export {ratio('review', 'export'):.2f} (<= 1.5), "
              f"html / text {ratio('render html', 'render text'):.2f} (<= 1.5)")
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("\ngrowth: the CPU time at this size over that at the size before (x10 for ten times the papers is linear)")


if __name__ == "__main__":
    main()

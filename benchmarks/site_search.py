"""`medsegcite site`: page weight and per-keystroke search time in Chromium, for the shipped
list (98 papers) and a generated one of 10,000 papers in the shipped shape (the list's
headings and item lines, the store's entries with their bookkeeping; titles, authors,
years and DOIs varied from the shipped ones, seeded).

Per keystroke: the time from the input event to the end of the style and layout it causes
(the handler's work plus a forced layout, `document.body.offsetHeight`), and to the next
frame (requestAnimationFrame, then a task); the goal is under 50 ms.
Run:  python benchmarks/site_search.py [--papers 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import functools
import http.server
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("liver segmentation", "unet", "kidny tumr", "attention 2019", "ronneberger")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def generate(papers: int, folder: Path, seed: int = 18) -> None:
    """A list.md and references.bib of `papers` distinct papers under the shipped sections,
    with 25 categories per section, each paper's store entry made from a shipped one."""
    from medsegcite.bib import store
    from medsegcite.listing.catalog import load_list

    rng = random.Random(seed)
    shipped = store.load(ROOT / "data" / "references.bib")
    catalog = load_list(ROOT / "data" / "list.md")
    words = sorted({w for e in shipped for w in re.findall(r"[A-Za-z][a-z]{3,}", e.meta.get("list-title", ""))})
    surnames = sorted({n.split(",")[0].strip() for e in shipped for n in e.fields.get("author", "").split(" and ") if "," in n})
    sections = [s.name for s in catalog.sections]
    categories = [(s, f"{rng.choice(words).capitalize()} {rng.choice(words)} {n}") for s in sections for n in range(25)]
    by_category: dict[tuple[str, str], list[str]] = {c: [] for c in categories}
    entries = []
    for n in range(papers):
        template = shipped[n % len(shipped)]
        title = " ".join(rng.choice(words) for _ in range(rng.randint(6, 12))).capitalize() + f" {n}"
        category = categories[n % len(categories)]
        entry = copy.deepcopy(template)
        entry.key = f"gen{n}{re.sub(r'[^a-z]', '', title.split()[0].lower())}"
        entry.fields["title"] = title
        entry.fields["year"] = str(rng.randint(2012, 2024))
        if "author" in entry.fields:
            people = [f"{rng.choice(surnames)}, {rng.choice('ABCDEFGHJKLMNPRSTVWYZ')}." for _ in range(rng.randint(1, 8))]
            entry.fields["author"] = " and ".join(people)
        if "doi" in entry.fields:
            entry.fields["doi"] = f"10.5555/gen.{n}"
        entry.fields["keywords"] = f"{category[0]}, {category[0]}/{category[1]}"
        entry.meta["list-title"] = title
        entry.meta["link"] = f"https://doi.org/10.5555/gen.{n}"
        entry.meta.pop("fingerprint", None)
        entries.append(entry)
        by_category[category].append(f"- [{title}]  [[doi]](https://doi.org/10.5555/gen.{n}) ")
    lines = ["# Medical-Images-Segmentation-By-DL", "A generated list.", ""]
    for section in sections:
        lines.append(f"# {section} :")
        for (owner, name), items in by_category.items():
            if owner == section:
                lines += [f"  ### {name}", *items]
        lines.append("")
    (folder / "list.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "references.bib").write_text(store.dumps(entries), encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


MEASURE = """async (query) => {
  const input = document.getElementById('q');
  const layout = [], frame = [];
  input.value = ''; input.dispatchEvent(new Event('input'));
  void document.body.offsetHeight;  // the whole list back, laid out before the first keystroke
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  for (let i = 1; i <= query.length; i++) {
    const start = performance.now();
    input.value = query.slice(0, i);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    void document.body.offsetHeight;
    layout.push(performance.now() - start);
    await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
    frame.push(performance.now() - start);
  }
  const found = document.getElementById('count').textContent;
  const start = performance.now();  // the last keystroke: the search deleted, the whole list back
  input.value = ''; input.dispatchEvent(new Event('input', {bubbles: true}));
  void document.body.offsetHeight;
  layout.push(performance.now() - start);
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  frame.push(performance.now() - start);
  return {layout, frame, count: found};
}"""


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    loaded = ("index.html", "assets/papers.js", "assets/site.js", "assets/site.css", "assets/years.svg", "assets/icon.svg")
    weight = sum((site / name).stat().st_size for name in loaded)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
            page.wait_for_function("document.documentElement.classList.contains('js')")
            load = time.perf_counter() - start
            layout, frame, counts = [], [], []
            for query in QUERIES:
                result = page.evaluate(MEASURE, query)
                layout += result["layout"]
                frame += result["frame"]
                counts.append(f"{query!r}: {result['count']}")
            browser.close()
    finally:
        server.shutdown()
    return {"weight": weight, "total": total, "load": load, "layout": layout, "frame": frame, "counts": counts}


def _report(name: str, papers: int, build: float, result: dict) -> None:
    layout, frame = result["layout"], result["frame"]
    print(f"{name}: {papers} papers; build {build:.1f} s; page weight {result['weight'] / 1e6:.2f} MB "
          f"(index.html + assets; the whole folder {result['total'] / 1e6:.1f} MB); load to ready {result['load']:.2f} s")
    def p90(values):
        return sorted(values)[int(0.9 * (len(values) - 1))]

    under = sum(1 for t in layout if t < 50) / len(layout)
    print(f"  per keystroke ({len(layout)}): to layout median {statistics.median(layout):.1f} ms, p90 {p90(layout):.1f}, "
          f"max {max(layout):.1f} ms ({under:.0%} under 50 ms); to next frame median {statistics.median(frame):.1f} ms, "
          f"p90 {p90(frame):.1f}, max {max(frame):.1f} ms")
    print("  " + "; ".join(result["counts"]))


def _build(data: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "medsegcite", "--data", str(data), "site", "-o", str(out)], check=True,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10000)
    parser.add_argument("--keep", type=Path, help="Keep the generated data and sites here.")
    args = parser.parse_args()
    if CHROMIUM is None:
        sys.exit("chromium is not installed")
    work = Path(args.keep or tempfile.mkdtemp(prefix="site-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MEDSEGCITE_CACHE", str(work / "cache"))
    print(f"os.getloadavg(): {os.getloadavg()[0]:.2f}; chromium: {CHROMIUM}")
    try:
        shutil.rmtree(work / "site-98", ignore_errors=True)
        build = _build(ROOT / "data", work / "site-98")
        _report("shipped", 98, build, measure(work / "site-98"))
        data = work / f"data-{args.papers}"
        data.mkdir(exist_ok=True)
        generate(args.papers, data)
        shutil.rmtree(work / f"site-{args.papers}", ignore_errors=True)
        build = _build(data, work / f"site-{args.papers}")
        _report("generated", args.papers, build, measure(work / f"site-{args.papers}"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`stats`: counts from the list and the store, and the plot (real matplotlib, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from xml.etree import ElementTree

from medsegcite.bib import latex, store
from medsegcite.listing.catalog import load_list
from medsegcite.commands.stats import compute, figure, venue_name

from tests.conftest import DATA
from tests.conftest import cli_process as _cli


def test_counts_agree_with_the_list_and_the_store():
    catalog, entries = load_list(DATA / "list.md"), store.load(DATA / "references.bib")
    stats = compute(catalog, entries)
    assert stats.papers == len(catalog.papers) and stats.list_items == len(catalog.items)
    liver = next(row for row in stats.categories if row["path"].endswith("/Liver"))
    assert liver["papers"] == len(catalog.papers_under(catalog.find("Liver")[0]))
    assert sum(stats.years.values()) == stats.papers
    for year, count in stats.years.items():
        assert sum(s.get(year, 0) for s in stats.years_by_section.values()) == count
    states = Counter(e.state for e in entries)
    expected = {"resolved": states["resolved"], "hand-entered": states["manual"], "title-only": states["unresolved"] + states["review"]}
    assert stats.known_as == {k: n for k, n in expected.items() if n}
    years = Counter(e.fields["year"] for e in entries if e.fields.get("year", "").isdigit())
    assert {y: n for y, n in stats.years.items() if y != "no year"} == dict(years)
    journals = Counter(latex.decode(e.fields["journal"]) for e in entries if "journal" in e.fields)
    assert stats.venues[0] == journals.most_common(1)[0]


def test_venue_names_drop_year_volume_and_part():
    assert venue_name("Medical Image Computing and Computer Assisted Intervention – MICCAI 2019 (LNCS 11766, Part III)") == \
        "Medical Image Computing and Computer Assisted Intervention – MICCAI"
    assert venue_name("Proc. SPIE , vol. 10134") == "Proc. SPIE"


def test_plot_files_are_real_and_reproducible(tmp_path):
    done = _cli("--data", str(DATA), "stats", "--plot", str(tmp_path / "years.svg"))
    assert done.returncode == 0 and "per year" in done.stdout and "known as:" in done.stdout
    svg = (tmp_path / "years.svg").read_bytes()
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b"Anatomical Structures Segmentation" in svg and b"Papers per year" in svg
    stats = compute(load_list(DATA / "list.md"), store.load(DATA / "references.bib"))
    assert figure(stats, "svg") == figure(stats, "svg")  # no date, fixed ids
    assert _cli("--data", str(DATA), "stats", "--plot", str(tmp_path / "years.png")).returncode == 0
    assert (tmp_path / "years.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_bad_plot_paths_are_one_line():
    for path, message in (("years.pdf", "name it .svg or .png"), ("/no/such/folder/y.svg", "does not exist")):
        done = _cli("stats", "--plot", path)
        assert done.returncode == 1 and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_json_and_matplotlib_only_when_plotting(tmp_path):
    rows = json.loads(_cli("stats", "--json").stdout)
    assert rows["papers"] == 98 and rows["known_as"]["resolved"] >= 1
    code = (
        "import sys, io, contextlib\n"
        "from medsegcite.cli import main\n"
        "for args in (['stats'], ['check', '-q'], ['search', 'liver']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main(args)\n"
        "        except SystemExit:\n"
        "            pass\n"
        "print('matplotlib' in sys.modules, 'habanero' in sys.modules)\n"
    )
    env = {**os.environ, "MEDSEGCITE_CACHE": str(tmp_path)}  # search's index cache, not the user's
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_the_html_page_shows_the_plot(tmp_path):
    assert _cli("render", "--format", "html", "-o", str(tmp_path / "all.html")).returncode == 0
    page = (tmp_path / "all.html").read_text()
    assert page.count('<figure class="medsegcite-stats"><img alt=') == 1 and "data:image/svg+xml;base64," in page
    assert _cli("render", "--format", "html", "--category", "Breast", "-o", str(tmp_path / "breast.html")).returncode == 0
    assert "medsegcite-stats" not in (tmp_path / "breast.html").read_text()  # a part of the list: no whole-list plot


def test_svg_plot_and_html_render_need_no_matplotlib(tmp_path):
    """The SVG is written directly (every HTML render draws it); matplotlib is for a PNG only."""
    code = (
        "import sys, io, contextlib\n"
        "from medsegcite.cli import main\n"
        f"for args in (['stats', '--plot', {str(tmp_path / 'y.svg')!r}], ['render', '--format', 'html', '-o', {str(tmp_path / 'a.html')!r}]):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        try:\n"
        "            main(args)\n"
        "        except SystemExit as done:\n"
        "            assert not done.code, done.code\n"
        "print('matplotlib' in sys.modules)\n"
    )
    env = {**os.environ, "MEDSEGCITE_CACHE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert done.stdout.split() == ["False"], done.stderr
    assert "data:image/svg+xml;base64," in (tmp_path / "a.html").read_text()


def test_svg_plot_shows_every_bar_and_escapes_section_names():
    """One bar segment per (section, year) with papers, heights in proportion to the counts; names escaped."""
    from medsegcite.commands.stats import Stats, svg_figure

    stats = Stats(papers=7, list_items=7, years={"2019": 4, "2020": 3},
                  years_by_section={"A & <B>": {"2019": 3, "2020": 1}, "C": {"2019": 1, "2020": 2}})
    root = ElementTree.fromstring(svg_figure(stats))
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title") is not None]
    shown = {r.find("{http://www.w3.org/2000/svg}title").text: float(r.get("height")) for r in bars}
    assert set(shown) == {"A & <B>, 2019: 3", "A & <B>, 2020: 1", "C, 2019: 1", "C, 2020: 2"}
    assert abs(shown["A & <B>, 2019: 3"] - 3 * shown["C, 2019: 1"]) < 0.5
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "A & <B>" in texts and "2019" in texts and "papers" in texts

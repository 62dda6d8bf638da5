"""pandoc (and so Quarto) reads our exports as the same references `medsegcite render` prints.

Two pandocs: Debian's (2.x) and pypandoc-binary's (3.x). For each, `pandoc --citeproc`
with a CSL style and our CSL-JSON or CSL YAML gives the reference list that
`render.bibliography` gives for that style, entry by entry; with our `.bib`, pandoc's own
BibTeX reader changes what an entry says in the ways named in BIBTEX_READER below.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from medsegcite.bib import export, store
from medsegcite.csl import render

ROOT = Path(__file__).resolve().parents[2]
STYLES = ("apa", "ieee", "harvard-cite-them-right", "nature", "chicago-author-date", "modern-language-association",
          "elsevier-harvard", "american-medical-association", "vancouver-nlm")


def _pandocs() -> list[str]:
    found = []
    if shutil.which("pandoc"):
        found.append(shutil.which("pandoc"))
    try:
        import pypandoc

        found.append(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        pass
    return found


def _version(pandoc: str) -> str:
    return subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout.split()[1]


PANDOCS = _pandocs()


@pytest.fixture(scope="module")
def entries():
    return store.load(ROOT / "data" / "references.bib")


def pandoc_entries(pandoc: str, bibliography: Path, style: str, tmp_path: Path) -> list[str]:
    document = tmp_path / "nocite.md"
    document.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    done = subprocess.run(
        [pandoc, "--citeproc", "--csl", render.find_style(style).path, "--bibliography", str(bibliography),
         "-t", "plain", "--wrap=none", str(document)],
        capture_output=True, text=True, check=True,
    )
    return [_normal(block) for block in done.stdout.split("\n\n") if block.strip()]


def _normal(text: str) -> str:
    """One entry's text with its whitespace collapsed (pandoc's plain writer lays out
    `second-field-align` labels with spaces, render with a tab)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


_RENDERED: dict[str, list[str]] = {}


def ours(entries, style: str) -> list[str]:
    """render's entries for the shipped store (rendered once per style)."""
    if style not in _RENDERED:
        items = export.csl_items(entries)
        _RENDERED[style] = [_normal(text) for _key, text in render.bibliography(items, render.find_style(style))]
    return _RENDERED[style]


# Entries (of 98) pandoc prints as render does, per style, reading our CSL-JSON or CSL
# YAML: a floor per pandoc generation. What the rest differ by is pandoc's own citeproc
# (render prints what citeproc-js prints: tests/csl/test_render.py, the sweeps):
# - pandoc 3: ieee's "[Online]." before "Available:" left out (16 entries); elsevier-harvard's
#   ". ." after a title standing for the author merged to "." and year suffixes 2016a/2016b
#   given in another order (9); a word after a hyphen capitalised by title case
#   ("DenseNet-Like", chicago-author-date and MLA, 1 each).
# - pandoc 2 (an older citeproc, Debian's): the same, and AMA/Vancouver names printed in
#   full without initials, Chicago's page ranges not abbreviated ("220–237"), Nature's
#   "Preprint at" term missing, "3D" title-cased as "3d".
# - both: an incomplete author list (BibTeX's `and others`, our CSL literal name "others")
#   ends in the style's "et al." in pandoc's citeproc, in "others" as a name in render and
#   citeproc-js ("Iqbal, S. & others."): 2 entries, 1 in styles that cut a long list themselves (MLA, Harvard),
#   none in elsevier-harvard (pandoc 2's APA: "Iqbal, S.others.").
SAME_AS_RENDER = {
    3: {"apa": 96, "ieee": 81, "harvard-cite-them-right": 97, "nature": 96, "chicago-author-date": 95,
        "modern-language-association": 96, "elsevier-harvard": 89, "american-medical-association": 96,
        "vancouver-nlm": 96},
    2: {"apa": 95, "ieee": 81, "harvard-cite-them-right": 97, "nature": 90, "chicago-author-date": 42,
        "modern-language-association": 80, "elsevier-harvard": 88, "american-medical-association": 17,
        "vancouver-nlm": 16},
}
# With our .bib pandoc's BibTeX reader decides more itself: it turns English titles into
# sentence case (compared here case-folded), prints a lower-case "von" part after the
# given name (biblatex's useprefix=false), reads a series' `number` as a volume and an
# `eprint` as a URL. CSL-JSON or CSL YAML is the pandoc user's format; these are floors.
SAME_FROM_BIBTEX_CASEFOLDED = {
    "apa": 74, "ieee": 64, "harvard-cite-them-right": 76, "nature": 73, "chicago-author-date": 68,
    "modern-language-association": 68, "elsevier-harvard": 83, "american-medical-association": 74,
    "vancouver-nlm": 74,
}


def _generation(pandoc: str) -> int:
    return int(_version(pandoc).split(".")[0])


def _write(entries, fmt: str, tmp_path: Path) -> Path:
    path = tmp_path / f"refs.{export.EXTENSIONS[fmt]}"
    path.write_text(export.export(entries, fmt), encoding="utf-8")
    return path


needs_pandoc = pytest.mark.skipif(not PANDOCS, reason="no pandoc")


def test_both_pandocs_are_here():
    """CI installs Debian's pandoc 2 and pypandoc-binary's pandoc 3: neither may go missing unseen."""
    import os

    if os.environ.get("CI"):
        assert sorted(_generation(p) for p in PANDOCS) == [2, 3]


@needs_pandoc
@pytest.mark.parametrize("style", STYLES)
def test_csl_yaml_reads_in_pandoc_as_the_csl_json(entries, style, tmp_path):
    """The same references whichever of our two pandoc formats is given, entry for entry."""
    as_json, as_yaml = _write(entries, "csl-json", tmp_path), _write(entries, "csl-yaml", tmp_path)
    for pandoc in PANDOCS:
        assert pandoc_entries(pandoc, as_yaml, style, tmp_path) == pandoc_entries(pandoc, as_json, style, tmp_path)


@needs_pandoc
@pytest.mark.parametrize("style", STYLES)
def test_pandoc_citeproc_prints_what_render_prints(entries, style, tmp_path):
    expected = ours(entries, style)
    bibliography = _write(entries, "csl-json", tmp_path)
    for pandoc in PANDOCS:
        theirs = pandoc_entries(pandoc, bibliography, style, tmp_path)
        assert len(theirs) == len(expected)
        same = len(set(theirs) & set(expected))
        floor = SAME_AS_RENDER[min(_generation(pandoc), 3)][style]
        assert same >= floor, f"pandoc {_version(pandoc)}, {style}: {same} of {len(expected)} as render prints, floor {floor}"


@needs_pandoc
@pytest.mark.parametrize("style", STYLES)
def test_pandoc_reads_our_bibtex(entries, style, tmp_path):
    expected = {e.casefold() for e in ours(entries, style)}
    pandoc = max(PANDOCS, key=_generation)
    theirs = pandoc_entries(pandoc, _write(entries, "bibtex", tmp_path), style, tmp_path)
    assert len(theirs) == len(entries)
    assert len(expected & {e.casefold() for e in theirs}) >= SAME_FROM_BIBTEX_CASEFOLDED[style]


# Values that mean something else in Markdown or in YAML, and CSL rich text.
ODD_TITLES = [
    "a *b* _c_ @d $e$ \\f [h](i) #j ~l~ ^m^ `n` 3 < 4 & 5 > 2 AT&amp;T {x} | y = z: w!",
    "2020. A survey", "1) first", "- dash", "+ plus", "> quote", "# hash", "True", "no", "null", "~", "0123", "1e5",
    "<i>Homo sapiens</i> and <b>bold</b>, <sc>Small</sc>, x<sup>2</sup>, H<sub>2</sub>O",
    '<span class="nocase">iPhone</span> and <span style="font-variant:small-caps;">caps</span>',
    "<i>never closed", "closed</i> never opened", "<b><i>nested</i></b>", "emoji 🧠 and 中文 and עברית",
    "O'Brien's \"double\" -- dashes --- here... and .. or ....", "line\\\\break", "trailing backslash \\",
]


@needs_pandoc
def test_odd_values_read_in_pandoc_as_from_csl_json(tmp_path):
    items = [{"id": f"k{n}", "type": "article-journal", "title": title, "container-title": title,
              "author": [{"family": title.split()[0], "given": "A."}], "page": "021208", "volume": "0012",
              "issued": {"date-parts": [[2020]]}} for n, title in enumerate(ODD_TITLES)]
    as_json, as_yaml = tmp_path / "odd.json", tmp_path / "odd.yaml"
    import json

    as_json.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    as_yaml.write_text(export.csl_yaml(items), encoding="utf-8")
    for pandoc in PANDOCS:
        def read(path, reader):
            return json.loads(subprocess.run([pandoc, "-f", reader, "-t", "csljson", str(path)], capture_output=True,
                                             text=True, check=True).stdout)
        assert read(as_yaml, "markdown") == read(as_json, "csljson"), f"pandoc {_version(pandoc)}"

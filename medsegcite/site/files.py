"""The site's citation files, made by the library's own exports (medsegcite/bib/export.py):
each paper in BibTeX, BibLaTeX, RIS and CSL-JSON (papers/), one .bib per category (bib/),
and the whole list in the four formats."""

from __future__ import annotations

import os

# format -> the file name's ending
PAPER_FILES = {"bibtex": ".bib", "biblatex": ".biblatex.bib", "ris": ".ris", "csl-json": ".json"}
FORMAT_LABELS = {"bibtex": "BibTeX", "biblatex": "BibLaTeX", "ris": "RIS", "csl-json": "CSL-JSON"}
WHOLE_LIST = "references"


def paper_file(paper, fmt: str) -> str:
    return f"papers/{paper.stem}{PAPER_FILES[fmt]}"


def category_file(category) -> str:
    return f"bib/{category.anchor}.bib"


def whole_list_file(fmt: str) -> str:
    return WHOLE_LIST + PAPER_FILES[fmt]


def write(site, root: str) -> int:
    """Every citation file under `root`; the number written."""
    from medsegcite.bib import export

    os.makedirs(os.path.join(root, "papers"))
    os.makedirs(os.path.join(root, "bib"))
    written = 0
    entries = [site.entries[p.key] for p in site.papers]
    for fmt in PAPER_FILES:
        _write(root, whole_list_file(fmt), export.export(entries, fmt))
        written += 1
        for paper, entry in zip(site.papers, entries):
            _write(root, paper_file(paper, fmt), export.export([entry], fmt))
            written += 1
    for category in site.categories:
        chosen = [entries[i] for i in site.under(category)]
        _write(root, category_file(category), export.export(chosen, "bibtex"))
        written += 1
    return written


def _write(root: str, name: str, text: str) -> None:
    with open(os.path.join(root, name), "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)

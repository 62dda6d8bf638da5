"""`export --journal-abbrev`: each journal's short form where BibTeX styles print it."""

from __future__ import annotations

import re
import shutil

import pytest

from medsegcite.bib import abbreviations, export, store
from medsegcite.bib.store import StoredEntry

from tests.conftest import DATA, cli_process


def _article(key: str, journal: str, short: str | None = None) -> StoredEntry:
    fields = {"title": f"On {key}", "author": "Doe, Jane", "journal": journal, "year": "2021"}
    if short:
        fields["shortjournal"] = short
    return StoredEntry(key, "article", fields)


def test_crossrefs_short_form_then_iso4_then_none():
    entries = [
        _article("a", "Medical Image Analysis", "Med Image Anal"),
        _article("b", "Medical Image Analysis"),  # the same journal: the same short form
        _article("c", r"Zeitschrift f{\"u}r Medizinische Physik"),
        _article("d", "Physics in Medicine {\\&} Biology"),
        _article("e", "IEEE Access"),
        StoredEntry("f", "inproceedings", {"title": "T", "booktitle": "Proc. MICCAI", "year": "2020"}),
    ]
    out, report = abbreviations.abbreviated(entries)
    journals = {e.key: e.fields.get("journal") for e in out}
    assert journals == {"a": "Med Image Anal", "b": "Med Image Anal", "c": "Z. Med. Phys.", "d": r"Phys. Med. Biol.",
                        "e": "IEEE Access", "f": None}
    assert report.source == {"a": "Crossref", "b": "Crossref", "c": "ISO 4 (LTWA)", "d": "ISO 4 (LTWA)", "e": "none"}
    assert entries[1].fields["journal"] == "Medical Image Analysis"  # the store's entries are left alone


def test_biblatex_journaltitle_takes_the_short_form():
    out, _ = abbreviations.abbreviated([_article("a", "Medical Image Analysis", "Med Image Anal")])
    assert "journaltitle = {Med Image Anal}" in export.to_biblatex(out)


def test_cli_reports_each_source():
    done = cli_process("export", "--journal-abbrev")
    assert done.returncode == 0
    assert "journal = {Medical Image Analysis}" not in done.stdout and "journal = {Med Image Anal}" in done.stdout
    assert done.stderr.splitlines()[0] == "journal abbreviations: 47 from Crossref, 6 derived by ISO 4 from the LTWA, 6 kept in full"
    assert "Engineering; IEEE Access; Symmetry; Tomography" in done.stderr


@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("pdftotext")), reason="no LaTeX")
def test_ieeetran_prints_the_abbreviation(tmp_path):
    from tests.bib.test_latex_compile import _compile_bibtex, _run

    out, _ = abbreviations.abbreviated(store.load(DATA / "references.bib"))
    _compile_bibtex(tmp_path, export.to_bibtex(out), "IEEEtran")
    text = re.sub(r"\s+", " ", _run(["pdftotext", "doc.pdf", "-"], tmp_path).stdout)
    assert "Med Image Anal," in text and "Medical Image Analysis," not in text
    assert "Multimed. Syst." in text  # derived: Crossref registered no short form for it

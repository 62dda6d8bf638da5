"""Proof by independent readers: every export of the shipped store, read back by
tools we did not write, says per entry what the store says.

Readers: pybtex (BibTeX and BibLaTeX), citation-js (all four formats, node, npm
packages in tests/citation_js), pandoc (both .bib flavours and CSL-JSON) and
rispy (RIS).  Compared per entry: title, authors with their particles, DOI,
year, container, short container, volume, issue, pages.  The one allowance is
named where it is made (`READER_CAUSED`), with the reason; everything else must
agree exactly, after the same normalisation on both sides (Unicode NFC, spaces,
dashes in page ranges, markup tags).  biber's datamodel check of both flavours
is in test_latex_compile.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from medsegcite.bib import export, markup, store

from tests.conftest import DATA

HERE = Path(__file__).resolve().parent.parent
CITATION_JS = HERE / "citation_js"
FIELDS = ("title", "authors", "doi", "year", "container", "short", "volume", "issue", "pages")


def _tool_or_fail(available: bool, what: str):
    # CI installs every reader (.ci/run): there a missing one is a failure, not a skip.
    if not available:
        if os.environ.get("CI"):
            raise RuntimeError(f"{what} is needed by the reader tests")
        pytest.skip(f"{what} is not installed")


def _text(value) -> str | None:
    if value in (None, ""):
        return None
    value = markup.plain(str(value)) if "<" in str(value) else str(value)
    value = re.sub(r"<[^>]+>", "", value)  # pandoc's <span class="nocase"> around protected words
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    return value or None


def _pages(value) -> str | None:
    value = _text(value)
    return re.sub(r"\s*[-\u2010-\u2015]+\s*", "-", value) if value else None


def _name(given=None, particles=(), family=None, suffix=None, literal=None) -> str:
    if literal:
        return _text(literal)
    return _text(" ".join(p for p in (given, *particles, family, suffix) if p)) or ""


def _csl_record(item: dict) -> dict:
    """A CSL item (ours, citation-js's or pandoc's) -> the compared facts."""
    names = []
    for n in item.get("author") or []:
        names.append(_name(n.get("given"), [n.get(k) for k in ("dropping-particle", "non-dropping-particle") if n.get(k)],
                           n.get("family"), n.get("suffix"), n.get("literal")))
    issued = (item.get("issued") or {}).get("date-parts") or [[None]]
    year = issued[0][0] if issued and issued[0] else None
    if year is None and isinstance(item.get("issued"), dict) and item["issued"].get("raw"):
        year = item["issued"]["raw"][:4]
    return {
        "title": _text(item.get("title")),
        "authors": [n for n in names if n],
        "doi": (item.get("DOI") or "").lower() or None,
        "year": str(year) if year else None,
        "container": _text(item.get("container-title")),
        "short": _text(item.get("container-title-short") or item.get("journalAbbreviation")),
        "volume": _text(item.get("volume") or item.get("collection-number")),
        "issue": _text(item.get("issue")),
        "pages": _pages(item.get("page")),
    }


@pytest.fixture(scope="module")
def entries():
    return store.load(DATA / "references.bib")


@pytest.fixture(scope="module")
def truth(entries):
    """What the store says, per key (through our own CSL reading of it)."""
    return {item["id"]: _csl_record(item) for item in export.csl_items(entries)}


@pytest.fixture(scope="module")
def files(entries, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt, name in (("bibtex", "refs.bib"), ("biblatex", "refs-biblatex.bib"), ("csl-json", "refs.json"), ("ris", "refs.ris")):
        paths[fmt] = folder / name
        paths[fmt].write_text(export.export(entries, fmt), encoding="utf-8")
    return paths


# Differences a reader itself causes, each with its reason.  Every one is asserted where
# the reader is tested (it must still happen, and only where said), never silently skipped.
READER_CAUSED = {
    "sentence case": "pandoc converts .bib titles and book titles to sentence case, as its manual says, keeping "
                     "the case of braced words: compared without case, and every braced word must keep its case",
    "smart quotes": "pandoc makes a straight apostrophe typographic (D'Souza -> D’Souza)",
    "series number": "citation-js reads biblatex's `number` of an @inproceedings as the issue; biblatex's manual "
                     "makes it the number within the `series` (LNCS 11766)",
}


def _disagreements(reader: str, truth: dict, read: dict[str, dict]) -> list[str]:
    found = []
    assert set(read) == set(truth), f"{reader}: entries {sorted(set(truth) ^ set(read))[:5]}"
    for key, expected in truth.items():
        for name in FIELDS:
            if read[key][name] != expected[name]:
                found.append(f"{reader} {key} {name}: store {expected[name]!r}, reader {read[key][name]!r}")
    return found


# ---- pybtex ---------------------------------------------------------------------------------

def _pybtex_read(path: Path, flavour: str) -> dict[str, dict]:
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    def plain(value):
        # pybtex's own LaTeX reading: braces, accents (latexcodec), dashes.
        return None if value is None else _text(Text.from_latex(value).render_as("text"))

    data = parse_file(str(path), bib_format="bibtex")
    read = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): v for k, v in entry.fields.items()}
        names = []
        for person in entry.persons.get("author", []):
            if str(person) == "others":  # BibTeX's "and others": the store's literal "others" name
                names.append("others")
                continue
            names.append(_name(
                plain(" ".join(person.first_names + person.middle_names)),
                [plain(" ".join(person.prelast_names))] if person.prelast_names else [],
                plain(" ".join(person.last_names)),
                plain(" ".join(person.lineage_names)) or None,
            ))
        journal = "journaltitle" if flavour == "biblatex" else "journal"
        year = fields.get("date" if flavour == "biblatex" else "year")
        volume = fields.get("volume")
        if flavour == "biblatex" and "series" in fields and entry.type.lower() in ("inproceedings", "incollection"):
            volume = fields.get("number")
        read[key] = {
            "title": plain(fields.get("title")),
            "authors": names,
            "doi": (fields.get("doi") or "").lower() or None,
            "year": year[:4] if year else None,
            "container": plain(fields.get(journal) or fields.get("booktitle") or fields.get("howpublished")),
            "short": plain(fields.get("shortjournal")),
            "volume": plain(volume),
            "issue": plain(fields.get("number")) if entry.type.lower() == "article" else None,
            "pages": _pages(plain(fields.get("pages"))),
        }
    return read


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_pybtex_reads_what_the_store_says(files, truth, flavour):
    assert _disagreements(f"pybtex/{flavour}", truth, _pybtex_read(files[flavour], flavour)) == []


# ---- citation-js ------------------------------------------------------------------------------

def _citation_js(fmt: str, path: Path) -> dict[str, dict]:
    _tool_or_fail(shutil.which("node") is not None and (CITATION_JS / "node_modules").is_dir(),
                  "node with `npm ci --prefix tests/citation_js`")
    done = subprocess.run(["node", str(CITATION_JS / "read.js"), fmt, str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    items = json.loads(done.stdout)
    return {item.get("citation-key") or item["id"]: _csl_record(item) for item in items}


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csl-json"])
def test_citation_js_reads_what_the_store_says(entries, files, truth, fmt):
    read = _citation_js(fmt, files[fmt])
    if fmt == "biblatex":
        # READER_CAUSED["series number"]: exactly the entries with a series number, read as their issue.
        numbered = {e.key for e in entries if e.entry_type == "inproceedings" and "series" in e.fields and "volume" in e.fields}
        assert numbered
        for key in numbered:
            assert (read[key]["volume"], read[key]["issue"]) == (None, truth[key]["volume"])
            read[key]["volume"], read[key]["issue"] = truth[key]["volume"], truth[key]["issue"]
    assert _disagreements(f"citation-js/{fmt}", truth, read) == []


# ---- pandoc -----------------------------------------------------------------------------------

def _pandoc(fmt: str, path: Path) -> dict[str, dict]:
    _tool_or_fail(shutil.which("pandoc") is not None, "pandoc")
    source = {"bibtex": "bibtex", "biblatex": "biblatex", "csl-json": "csljson"}[fmt]
    done = subprocess.run(["pandoc", "-f", source, "-t", "csljson", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return {item["id"]: _csl_record(item) for item in json.loads(done.stdout)}


def _braced_words(latex: str) -> list[str]:
    """The words our export protects with braces (`{CT}`, `{Inf-Net}`), as plain text."""
    from medsegcite.bib.latex import decode

    return [decode(group) for group in re.findall(r"(?<![\\\w])\{([^{}\\]+)\}", latex)]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json"])
def test_pandoc_reads_what_the_store_says(entries, files, truth, fmt):
    read = _pandoc(fmt, files[fmt])
    for record in read.values():  # READER_CAUSED["smart quotes"]
        record["authors"] = [n.replace("\u2019", "'") for n in record["authors"]]
    if fmt != "csl-json":
        # READER_CAUSED["sentence case"]: equal but for case, and every braced word keeps its case.
        changed = 0
        for entry in entries:
            for name, field in (("title", "title"), ("container", "booktitle")):
                ours, theirs = truth[entry.key][name], read[entry.key][name]
                if ours and theirs and ours != theirs and ours.casefold() == theirs.casefold():
                    changed += 1
                    for word in _braced_words(entry.fields.get(field, "")):
                        assert word in theirs, (entry.key, word, theirs)
                    read[entry.key][name] = ours
        assert changed > 40  # the conversion really happened, and the braces held through it
    assert _disagreements(f"pandoc/{fmt}", truth, read) == []


# ---- rispy ------------------------------------------------------------------------------------

def test_rispy_reads_what_the_store_says(files, truth):
    import rispy

    read = {}
    # SV (a chapter's series number, RIS spec and Zotero's RIS.js) is not in rispy's default map
    mapping = {**rispy.TAG_KEY_MAPPING, "SV": "series_number"}
    for ref in rispy.loads(files["ris"].read_text(encoding="utf-8"), mapping=mapping):
        names = []
        for raw in ref.get("authors", []):
            family, _, rest = raw.partition(", ")
            given, _, suffix = rest.partition(", ")
            names.append(_name(given or None, (), family, suffix or None))
        pages = "-".join(p for p in (ref.get("start_page"), ref.get("end_page")) if p) or None
        read[ref["id"]] = {
            "title": _text(ref.get("title")),
            "authors": names,
            "doi": ref.get("doi"),
            "year": ref.get("year"),
            "container": _text(ref.get("custom3") if ref["type_of_reference"] == "CONF" else ref.get("secondary_title")),
            "short": _text(ref.get("alternate_title1")),
            "volume": _text(ref.get("volume") or ref.get("series_number")),
            "issue": _text(ref.get("number")),
            "pages": pages,
        }
    assert _disagreements("rispy", truth, read) == []


def test_the_comparison_can_fail(truth):
    """A changed value is caught: the comparison is not vacuous."""
    key = next(k for k, v in truth.items() if v["authors"] and v["pages"])
    changed = {k: dict(v) for k, v in truth.items()}
    changed[key]["pages"] = "1-2"
    changed[key]["authors"] = changed[key]["authors"][1:]
    assert len(_disagreements("self", truth, changed)) == 2


def test_figures(truth):
    """The counts README.md gives for the shipped export."""
    assert len(truth) == 98
    assert sum(1 for v in truth.values() if v["authors"]) == 81
    assert sum(1 for v in truth.values() if v["year"]) == 87
    assert sum(1 for v in truth.values() if v["container"]) == 82
    assert sum(1 for v in truth.values() if v["short"]) == 46
